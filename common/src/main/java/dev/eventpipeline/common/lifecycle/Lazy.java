package dev.eventpipeline.common.lifecycle;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use, once, thread-safely: for an SDK client only a rare path needs (ingest's
 * quarantine), so that environments which never take that path never pay for it at init. SnapStart
 * priming calls {@link #get()} so that snapshots hold it built.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<? extends T> factory;
  private volatile T value;

  private Lazy(Supplier<? extends T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  public static <T> Lazy<T> of(Supplier<? extends T> factory) {
    return new Lazy<>(factory);
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(factory.get(), "the factory returned null");
          value = v;
        }
      }
    }
    return v;
  }

  /** Whether {@link #get()} has built the value. */
  public boolean isBuilt() {
    return value != null;
  }
}
