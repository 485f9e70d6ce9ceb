package dev.eventpipeline.thumbnail.fuzz;

import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Tries and seed of the fuzz properties from system properties, so the same classes serve the short
 * run in the build and long runs from the command line:
 * <ul>
 *   <li>{@code fuzz.tries}: overrides each property's own (short-run) tries;
 *   <li>{@code fuzz.seed}: the random seed; {@value #DEFAULT_SEED} unless set, so the build is
 *       reproducible; {@code random} for a fresh seed each run (jqwik prints the seed it used).
 * </ul>
 * Registered on a test class, it applies to that class's {@code @Property} methods ({@code @Example}s
 * keep their single try).
 */
public final class FuzzSettings implements AroundPropertyHook {
  static final String DEFAULT_SEED = "20261207";

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS; // registered on the class, meant for its properties
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    if (!context.targetMethod().isAnnotationPresent(Property.class)) {
      return property.execute();
    }
    String tries = System.getProperty("fuzz.tries");
    if (tries != null && !tries.isBlank()) {
      context.attributes().setTries(Integer.valueOf(tries.trim()));
    }
    String seed = System.getProperty("fuzz.seed", DEFAULT_SEED).trim();
    if (!seed.equalsIgnoreCase("random")) {
      context.attributes().setSeed(seed);
    }
    return property.execute();
  }

  @Override
  public int aroundPropertyProximity() {
    return -100; // outside jqwik's own hooks: the attributes must be set before the property starts
  }
}
