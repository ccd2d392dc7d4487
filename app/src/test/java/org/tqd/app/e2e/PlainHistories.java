package org.tqd.app.e2e;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tqd.worker.codec.AesGcmPayloadCodec;
import org.tqd.worker.codec.CodecKeys;

/**
 * Histories recorded by the end-to-end tests, whose payloads the app encrypts, turned back into the
 * histories an unencrypted run writes: every payload decoded with the tests' key, everything else
 * as it was. They replay with the SDK's default converter, as {@code ReplayTest} replays the saved
 * ones.
 */
final class PlainHistories {

  private PlainHistories() {}

  static WorkflowExecutionHistory decode(WorkflowExecutionHistory history) {
    AesGcmPayloadCodec codec =
        new AesGcmPayloadCodec(CodecKeys.load(Path.of(Scenario.testKeysFile()), null));
    History plain = (History) decode(history.getHistory(), codec);
    return new WorkflowExecutionHistory(plain, history.getWorkflowExecution().getWorkflowId());
  }

  private static Message decode(Message message, AesGcmPayloadCodec codec) {
    if (message instanceof Payload p) {
      return AesGcmPayloadCodec.isEncrypted(p) ? codec.decode(List.of(p)).get(0) : p;
    }
    Message.Builder builder = message.toBuilder();
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor d = field.getKey();
      if (d.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (d.isRepeated()) {
        List<?> values = (List<?>) field.getValue();
        for (int i = 0; i < values.size(); i++) {
          builder.setRepeatedField(d, i, decode((Message) values.get(i), codec));
        }
      } else {
        builder.setField(d, decode((Message) field.getValue(), codec));
      }
    }
    return builder.build();
  }
}
