package dev.eventpipeline.it;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The local cloud's console, captured line by line (and echoed to the test log). */
final class ConsoleCapture extends OutputStream {
  final List<String> lines = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      String line = current.toString(StandardCharsets.UTF_8);
      current.reset();
      lines.add(line);
      System.out.println(line);
    } else {
      current.write(b);
    }
  }

  List<String> matching(String fragment) {
    return lines.stream().filter(l -> l.contains(fragment)).toList();
  }
}
