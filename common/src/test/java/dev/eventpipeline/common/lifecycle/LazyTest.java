package dev.eventpipeline.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
  @Test
  void buildsOnFirstUseOnlyAndOnce() throws Exception {
    AtomicInteger built = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> "client-" + built.incrementAndGet());
    assertThat(lazy.isBuilt()).isFalse();
    assertThat(built).hasValue(0);

    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        seen.add(lazy.get());
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(built).hasValue(1);
    assertThat(seen).hasSize(8).containsOnly("client-1");
    assertThat(lazy.isBuilt()).isTrue();
  }

  @Test
  void aFailedBuildIsTriedAgainNextTime() {
    AtomicInteger attempts = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> {
      if (attempts.incrementAndGet() == 1) {
        throw new IllegalStateException("no region");
      }
      return "ok";
    });
    assertThatThrownBy(lazy::get).hasMessage("no region");
    assertThat(lazy.get()).isEqualTo("ok");
  }
}
