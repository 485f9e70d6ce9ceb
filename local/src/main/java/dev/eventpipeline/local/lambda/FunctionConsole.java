package dev.eventpipeline.local.lambda;

/** Where function output, REPORT lines and the local cloud's own messages go. */
public interface FunctionConsole {
  /** One line a function (or the runtime on its behalf) wrote. */
  void functionLine(String label, String line);

  /** A line of the local cloud about a function (START/END/REPORT, restarts). */
  void platformLine(String label, String line);
}
