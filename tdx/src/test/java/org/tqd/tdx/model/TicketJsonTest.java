package org.tqd.tdx.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketJsonTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void keepsFieldsItDoesNotTypeAndWritesThemBack() throws Exception {
    String text =
        "{\"ID\":5,\"Title\":\"t\",\"StatusID\":115,\"PriorityID\":20,\"IsOnHold\":true,"
            + "\"Attributes\":[{\"ID\":77,\"Name\":\"Dept\",\"Value\":\"3\"}]}";
    Ticket t = json.readValue(text, Ticket.class);
    assertThat(t.id()).isEqualTo(5);
    assertThat(t.statusId()).isEqualTo(115);
    assertThat(t.otherFields())
        .containsEntry("PriorityID", 20)
        .containsEntry("IsOnHold", true)
        .containsEntry("Attributes", List.of(Map.of("ID", 77, "Name", "Dept", "Value", "3")));
    Ticket back = json.readValue(json.writeValueAsString(t), Ticket.class);
    assertThat(back).isEqualTo(t);
    assertThat(json.readTree(json.writeValueAsString(t)).has("otherFields")).isFalse();
  }

  @Test
  void aTicketWrittenBeforeOtherFieldsExistedReadsWithNone() throws Exception {
    Ticket t = json.readValue("{\"ID\":5,\"Title\":\"t\"}", Ticket.class);
    assertThat(t.otherFields()).isEmpty();
  }
}
