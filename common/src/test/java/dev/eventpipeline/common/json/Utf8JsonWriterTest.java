package dev.eventpipeline.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8JsonWriterTest {
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

  private static String written(String s) {
    return new String(new Utf8JsonWriter(4).string(s).toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void writesStringsThatJacksonReadsBackIdenticallyAndWhoseSizeEscapedSizePredicts() throws Exception {
    Random random = new Random(5);
    for (int k = 0; k < 20_000; k++) {
      String s = randomString(random, 40);
      byte[] out = new Utf8JsonWriter(8).string(s).toByteArray();
      assertThat(Json.MAPPER.readTree(out).textValue()).isEqualTo(s);
      int predicted = 2;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          predicted += 4;
          i++;
        } else {
          predicted += Utf8JsonWriter.escapedSize(c);
        }
      }
      assertThat(out.length).as("size of %s", s).isEqualTo(predicted);
    }
  }

  @Test
  void keepsLoneSurrogatesAsEscapesSoNothingIsLostAndTheBytesStayValidUtf8() throws Exception {
    assertThat(written("a\ud800b")).isEqualTo("\"a\\uD800b\"");
    assertThat(written("\udc00")).isEqualTo("\"\\uDC00\"");
    assertThat(written("x\ude00\ud83d")).isEqualTo("\"x\\uDE00\\uD83D\""); // reversed pair: two lone halves
    assertThat(written("\ud83d\ude00")).isEqualTo("\"\uD83D\uDE00\""); // a pair is one 4-byte sequence
    byte[] out = new Utf8JsonWriter(4).string("\ud800").toByteArray();
    assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out)).toString())
        .isEqualTo("\"\\uD800\""); // strict decoding: no malformed input
    assertThat(Json.MAPPER.readTree(out).textValue()).isEqualTo("\ud800");
  }

  @Test
  void escapesControlCharactersShortWhereJsonHasAShortFormAndAsUnicodeEscapesOtherwise() {
    assertThat(written("\"\\\n\r\t\b\f")).isEqualTo("\"\\\"\\\\\\n\\r\\t\\b\\f\"");
    assertThat(written("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001F\"");
    assertThat(written("\u007f/")).isEqualTo("\"\u007f/\""); // DEL and slash need no escape
  }

  @Test
  void writesNonAsciiAsRawUtf8() {
    byte[] out = new Utf8JsonWriter(4).string("é€😀").toByteArray();
    assertThat(out).isEqualTo("\"é€😀\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesMembersRawBytesAndResetsForReuse() {
    Utf8JsonWriter w = new Utf8JsonWriter(1);
    w.raw('{').member(true, "\"a\":".getBytes(StandardCharsets.US_ASCII), "x")
        .member(false, "\"b\":".getBytes(StandardCharsets.US_ASCII), "y").raw(',').field("n").number(-3).raw('}');
    assertThat(new String(w.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"x\",\"b\":\"y\",\"n\":-3}");
    w.reset();
    w.ascii("[]");
    assertThat(w.length()).isEqualTo(2);
    assertThat(new String(w.buffer(), 0, w.length(), StandardCharsets.US_ASCII)).isEqualTo("[]");
  }

  @Test
  void writesTreesJacksonReadsBackEqual() throws Exception {
    String json = "{\"a\":[1,-2,3.25,12345678901234567890,1.5E300,true,false,null,{\"b\":\"\\u0001\\\"x\"}],"
        + "\"\u00e9\":{\"nested\":{\"deep\":[]}},\"empty\":{},\"lone\":\"\\ud800\"}";
    JsonNode tree = Json.MAPPER.readTree(json);
    byte[] out = new Utf8JsonWriter(4).node(tree).toByteArray();
    assertThat(Json.MAPPER.readTree(out)).isEqualTo(tree);
    assertThat(new String(out, StandardCharsets.UTF_8)).doesNotContain("\n");
  }
}
