package org.tqd.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tqd.starter.PollResult.TicketStart;
import org.tqd.tdx.model.Ticket;
import org.tqd.worker.codec.AesGcmPayloadCodec;
import org.tqd.worker.codec.CodecKeys;
import org.tqd.workflows.TicketRun;
import org.tqd.workflows.pipeline.StandardPipeline;

/**
 * Ticket data reaches Temporal only encrypted (DESIGN §3.11): real ticket workflows run through the
 * app's wiring (embedded Temporal test server, worker, starter, sandbox), and the histories
 * Temporal stores are read back raw over gRPC, as an outside reader of Temporal's database would
 * see them.
 */
class EncryptedHistoryEndToEndTest {

  private static E2ePostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = E2ePostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void noTicketTextNameOrEmailAppearsInTheStoredHistory() throws SQLException {
    try (Scenario s =
        new Scenario(
                Scenario.sandbox(6, 3).build().start(),
                postgres.newDatabase(),
                TicketRun.DEFAULT_MAX_RUNS_BEFORE_PARK)
            .start()) {
      Scenario.Round round = Scenario.round(s.poller(StandardPipeline.get(), false));
      assertThat(round.poll().startedRuns()).hasSize(6);
      CodecKeys keys = CodecKeys.load(Path.of(Scenario.testKeysFile()), null);
      AesGcmPayloadCodec codec = new AesGcmPayloadCodec(keys);

      for (TicketStart run : round.poll().startedRuns()) {
        Ticket ticket = s.services.tdxForCommands().getTicket(run.ticketId());
        History history = history(s.services.client(), run);
        String stored = history.toByteString().toString(StandardCharsets.ISO_8859_1);
        String storedUtf8 = history.toByteString().toStringUtf8();

        List<String> personal = new ArrayList<>();
        personal.add(ticket.title());
        personal.add(ticket.description());
        personal.add(ticket.requestorName());
        personal.add(ticket.requestorEmail());
        for (String text : personal) {
          if (text != null && text.length() >= 6) {
            assertThat(stored).doesNotContain(text);
            assertThat(storedUtf8).doesNotContain(text);
          }
        }

        List<Payload> payloads = new ArrayList<>();
        collectPayloads(history, payloads);
        assertThat(payloads).isNotEmpty();
        assertThat(payloads.stream().filter(p -> !isEncrypted(p)).map(Object::toString).toList())
            .isEmpty();
        // the payloads do carry the ticket: decrypted, its title is there
        StringBuilder decoded = new StringBuilder();
        codec.decode(payloads).forEach(p -> decoded.append(p.getData().toStringUtf8()));
        assertThat(decoded.toString()).contains(ticket.title());
      }
    }
  }

  private static boolean isEncrypted(Payload p) {
    return AesGcmPayloadCodec.isEncrypted(p);
  }

  static History history(WorkflowClient client, TicketStart run) {
    GetWorkflowExecutionHistoryResponse response =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(
                        WorkflowExecution.newBuilder()
                            .setWorkflowId(run.workflowId())
                            .setRunId(run.runId()))
                    .build());
    return response.getHistory();
  }

  /**
   * Every Payload anywhere in the message (inputs, results, failures, memo, user metadata) but in
   * search attributes, which Temporal must read to index (they hold IDs only), and version markers,
   * which the SDK writes itself (a change ID and a number).
   */
  static void collectPayloads(Message message, List<Payload> out) {
    if (message instanceof Payload p) {
      out.add(p);
      return;
    }
    if (message instanceof MarkerRecordedEventAttributes m && m.getMarkerName().equals("Version")) {
      return;
    }
    for (var field : message.getAllFields().entrySet()) {
      FieldDescriptor d = field.getKey();
      if (d.getJavaType() != FieldDescriptor.JavaType.MESSAGE
          || d.getName().equals("search_attributes")) {
        continue;
      }
      if (d.isRepeated()) {
        for (Object o : (List<?>) field.getValue()) {
          collectPayloads((Message) o, out);
        }
      } else {
        collectPayloads((Message) field.getValue(), out);
      }
    }
  }
}
