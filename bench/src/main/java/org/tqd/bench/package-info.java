/** Benchmark harness: programs run by the scripts in {@code bench/}, never by the test suite. */
package org.tqd.bench;
