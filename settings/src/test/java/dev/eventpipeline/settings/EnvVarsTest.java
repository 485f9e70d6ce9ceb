package dev.eventpipeline.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvVarsTest {

  @Test
  void everyVariableIsNamedAfterItselfAndDocumentedInFunctionsMd() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "functions.md"));
    List<String> undocumented = new ArrayList<>();
    for (Field f : EnvVars.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String name = (String) f.get(null);
        assertThat(name).isEqualTo(f.getName());
        if (!doc.contains("`" + name + "`")) {
          undocumented.add(name);
        }
      }
    }
    assertThat(undocumented).as("variables missing from docs/functions.md").isEmpty();
  }
}
