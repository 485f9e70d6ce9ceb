package dev.eventpipeline.notify.domain;

import dev.eventpipeline.notify.testing.TestEvents;

/** Shortcuts for domain tests. */
final class TestSubscriptions {
  private TestSubscriptions() {}

  static Subscription any() {
    return TestEvents.subscription("https://hooks.example.com/in", "*");
  }
}
