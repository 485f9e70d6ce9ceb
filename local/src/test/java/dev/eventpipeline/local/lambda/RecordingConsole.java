package dev.eventpipeline.local.lambda;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects console lines (and echoes them, for test logs). */
public final class RecordingConsole implements FunctionConsole {
  public final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void functionLine(String label, String line) {
    lines.add(label + " | " + line);
    System.out.println(label + " | " + line);
  }

  @Override
  public void platformLine(String label, String line) {
    functionLine(label, line);
  }

  public List<String> matching(String fragment) {
    return lines.stream().filter(l -> l.contains(fragment)).toList();
  }
}
