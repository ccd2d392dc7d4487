package org.tqd.tdx.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tqd.tdx.TdxClient;
import org.tqd.tdx.TdxClientConfig;
import org.tqd.tdx.TdxCredentials;
import org.tqd.tdx.TdxException;
import org.tqd.tdx.model.Report;

/**
 * Answers the sandbox does not give but a TDX instance or a proxy in front of it might: bodies that
 * are not JSON, empty bodies where an object is due, report values as strings, a 409 for a
 * duplicate asset. Served by a minimal HTTP server on loopback.
 */
class OddAnswersTest {

  private HttpServer server;
  private TdxClient tdx;

  @BeforeEach
  void start() throws IOException {
    Map<String, String[]> answers =
        Map.of(
            "/TDWebApi/api/46/tickets/1", new String[] {"200", "<html>maintenance</html>"},
            "/TDWebApi/api/46/tickets/2", new String[] {"200", ""},
            "/TDWebApi/api/46/tickets/4",
                new String[] {
                  "503",
                  "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>"
                      + "<h1>Down for maintenance</h1></body></html>"
                },
            "/TDWebApi/api/46/tickets/2/feed", new String[] {"204", ""},
            "/TDWebApi/api/46/tickets/3/assets/7",
                new String[] {"409", "{\"Message\":\"The asset is already on this ticket.\"}"},
            "/TDWebApi/api/46/tickets/3/assets/8",
                new String[] {"409", "{\"Message\":\"Conflict.\"}"},
            "/TDWebApi/api/reports/5",
                new String[] {
                  "200",
                  "{\"ID\":5,\"Name\":\"Q\",\"DataRows\":[{\"TicketID\":\"12\"},{\"TicketID\":13}]}"
                });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String[] answer =
              path.endsWith("/auth/loginadmin")
                  ? new String[] {"200", "opaque-token"}
                  : answers.getOrDefault(path, new String[] {"404", "{\"Message\":\"No.\"}"});
          byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
          int status = Integer.parseInt(answer[0]);
          exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    tdx =
        new TdxClient(
            TdxClientConfig.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/TDWebApi/api")
                .assetAppId(48)
                .credentials(new TdxCredentials.WebServicesKey("b", "k"))
                .build());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aBodyThatIsNotJsonIsATransportFailure() {
    assertThatThrownBy(() -> tdx.getTicket(1))
        .isInstanceOf(TdxException.Transport.class)
        .hasMessageContaining("GET tickets/{id}")
        .hasMessageContaining("not the expected JSON");
  }

  @Test
  void anHtmlPageIsNamedByItsTitleAndNeverQuoted() {
    assertThatThrownBy(() -> tdx.getTicket(1))
        .hasMessageContaining(
            "TDX answered 200 with an HTML page reading \"maintenance\", not the expected JSON")
        .hasMessageNotContaining("<");
    assertThatThrownBy(() -> tdx.getTicket(4))
        .isInstanceOf(TdxException.ServerError.class)
        .hasMessageContaining("503: an HTML page titled \"Service Unavailable\"")
        .hasMessageNotContaining("<");
  }

  @Test
  void anEmptyBodyWhereAnObjectIsDueIsATransportFailureButAnEmptyListIsFine() {
    assertThatThrownBy(() -> tdx.getTicket(2))
        .isInstanceOf(TdxException.Transport.class)
        .hasMessageContaining("empty body where a Ticket was expected");
    assertThat(tdx.getTicketFeed(2)).isEmpty();
  }

  @Test
  void reportValuesMayBeStringsOrNumbers() {
    Report report = tdx.getReport(5, true);

    assertThat(report.dataRows())
        .extracting(row -> Report.intValue(row, "TicketID"))
        .containsExactly(12, 13);
  }

  @Test
  void anyClientErrorSayingAlreadyCountsAsAddedButOthersDoNot() {
    tdx.addTicketAsset(3, 7);

    assertThatThrownBy(() -> tdx.addTicketAsset(3, 8))
        .isInstanceOf(TdxException.ServerError.class)
        .hasMessageContaining("409: Conflict.");
  }

  @Test
  void anOpaqueTokenWithoutExpiryIsUsed() {
    assertThatThrownBy(() -> tdx.getAsset(1)).isInstanceOf(TdxException.NotFound.class);
    assertThat(tdx.loginCount()).isEqualTo(1);
  }
}
