package dev.eventpipeline.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  private static final char[] ALPHABET = ("aZ09 \"\\/\n\r\t\b\f\u0000\u001f\u007f\u00e9\u00ff\u0100\u07ff\u0800"
      + "\u20ac\uffff\ud83d\ude00\ud800\udc00").toCharArray();

  private static String randomString(Random random, int max) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(max);
    for (int i = 0; i < n; i++) {
      s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return s.toString();
  }

  @Test
  void writesStringsThatJacksonReadsBackIdenticallyAndWhoseSizeTheSplitterPredicts() throws Exception {
    Random random = new Random(5);
    for (int k = 0; k < 20_000; k++) {
      String s = randomString(random, 40);
      byte[] out = new JsonWriter(8).string(s).toByteArray();
      assertThat(Json.MAPPER.readTree(out).textValue()).isEqualTo(s);
      int predicted = 2;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          predicted += 4;
          i++;
        } else {
          predicted += RecordSerializer.escapedSize(c);
        }
      }
      assertThat(out.length).as("size of %s", s).isEqualTo(predicted);
    }
  }

  @Test
  void writesTreesJacksonReadsBackEqual() throws Exception {
    String json = "{\"a\":[1,-2,3.25,12345678901234567890,1.5E300,true,false,null,{\"b\":\"\\u0001\\\"x\"}],"
        + "\"\u00e9\":{\"nested\":{\"deep\":[]}},\"empty\":{}}";
    JsonNode tree = Json.MAPPER.readTree(json);
    byte[] out = new JsonWriter(4).node(tree).toByteArray();
    assertThat(Json.MAPPER.readTree(out)).isEqualTo(tree);
    assertThat(new String(out, StandardCharsets.UTF_8)).doesNotContain("\n");
  }
}
