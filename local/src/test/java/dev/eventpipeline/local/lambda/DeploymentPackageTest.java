package dev.eventpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking a deployment package into the task root, and the classpath Lambda's Java runtime gives it. */
class DeploymentPackageTest {
  @TempDir
  Path dir;

  private Path zip(String name, Map<String, String> entries) throws IOException {
    Path zip = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return zip;
  }

  @Test
  void unpacksIntoTheTaskRootWhichComesFirstThenLibJarsInUnicodeOrder() throws Exception {
    Path pkg = zip("fn.zip", Map.of("lib/b.jar", "b", "lib/B.jar", "B", "lib/a.jar", "a", "lib/notes.txt", "n",
        "dev/x/Handler.class", "h"));
    Path root = dir.resolve("task");

    List<String> cp = DeploymentPackage.install(pkg, root);

    assertThat(cp).containsExactly(root.toString(), root.resolve("lib/B.jar").toString(),
        root.resolve("lib/a.jar").toString(), root.resolve("lib/b.jar").toString());
    assertThat(root.resolve("dev/x/Handler.class")).hasContent("h");
  }

  @Test
  void aJarAssetIsUnpackedLikeAnyZip() throws Exception {
    Path pkg = zip("asset.abc.jar", Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "dev/Fn.class", "f"));
    Path root = dir.resolve("task");

    assertThat(DeploymentPackage.install(pkg, root)).containsExactly(root.toString());
    assertThat(root.resolve("dev/Fn.class")).hasContent("f");
  }

  @Test
  void reinstallingReplacesTheWholeTaskRoot() throws Exception {
    Path root = dir.resolve("task");
    DeploymentPackage.install(zip("old.zip", Map.of("lib/old.jar", "o", "stale.txt", "s")), root);

    List<String> cp = DeploymentPackage.install(zip("new.zip", Map.of("lib/new.jar", "n")), root);

    assertThat(cp).containsExactly(root.toString(), root.resolve("lib/new.jar").toString());
    assertThat(root.resolve("stale.txt")).doesNotExist();
    assertThat(root.resolve("lib/old.jar")).doesNotExist();
  }

  @Test
  void theSamePackageIsNotUnpackedAgainAndKeepsItsEntriesTimes() throws Exception {
    Path pkg = zip("fn.zip", Map.of("lib/fn.jar", "f"));
    Path root = dir.resolve("task");
    DeploymentPackage.install(pkg, root);
    Path jar = root.resolve("lib/fn.jar");
    long entryTime;
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(pkg.toFile())) {
      entryTime = z.getEntry("lib/fn.jar").getLastModifiedTime().toMillis();
    }
    assertThat(Files.getLastModifiedTime(jar).toMillis()).isEqualTo(entryTime);
    Object inode = Files.readAttributes(jar, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

    DeploymentPackage.install(pkg, root);

    assertThat(Files.readAttributes(jar, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    assertThat(Files.getLastModifiedTime(jar).toMillis()).isEqualTo(entryTime);
  }

  @Test
  void aTaskRootSomeoneChangedIsUnpackedAgain() throws Exception {
    Path pkg = zip("fn.zip", Map.of("lib/fn.jar", "f"));
    Path root = dir.resolve("task");
    DeploymentPackage.install(pkg, root);
    Files.writeString(root.resolve("lib/fn.jar"), "changed");

    DeploymentPackage.install(pkg, root);

    assertThat(root.resolve("lib/fn.jar")).hasContent("f");
  }

  @Test
  void withOnlyLibJarsTheTaskRootGoesLastForClassDataSharing() throws Exception {
    Path root = dir.resolve("task");
    List<String> cp = DeploymentPackage.install(zip("fn.zip", Map.of("lib/b.jar", "b", "lib/a.jar", "a")), root);

    assertThat(DeploymentPackage.sharingOrder(root, cp, List.of("/rt/ric.jar"))).contains(List.of(
        root.resolve("lib/a.jar").toString(), root.resolve("lib/b.jar").toString(), "/rt/ric.jar", root.toString()));
  }

  @Test
  void withClassesInTheTaskRootThereIsNoSharingOrder() throws Exception {
    Path root = dir.resolve("task");
    List<String> cp = DeploymentPackage.install(zip("fn.zip", Map.of("lib/a.jar", "a", "dev/Fn.class", "f")), root);

    assertThat(DeploymentPackage.sharingOrder(root, cp, List.of("/rt/ric.jar"))).isEmpty();
  }

  @Test
  void aDirectoryAssetIsUsedWhereItIs() throws Exception {
    Path asset = Files.createDirectories(dir.resolve("asset.dir/lib"));
    Files.writeString(asset.resolve("z.jar"), "z");
    Path root = dir.resolve("task");

    assertThat(DeploymentPackage.install(asset.getParent(), root))
        .containsExactly(asset.getParent().toString(), asset.resolve("z.jar").toString());
    assertThat(root).doesNotExist();
  }

  @Test
  void anEntryPointingOutsideThePackageIsRefusedAndNothingIsWrittenThere() throws Exception {
    Path pkg = zip("evil.zip", Map.of("../escaped.txt", "x"));

    assertThatThrownBy(() -> DeploymentPackage.install(pkg, dir.resolve("task")))
        .isInstanceOf(DeploymentPackage.InvalidPackageException.class)
        .hasMessageContaining("evil.zip").hasMessageContaining("'../escaped.txt' points outside the package");
    assertThat(dir.resolve("escaped.txt")).doesNotExist();
  }

  @Test
  void aPackageUnzippingBeyondTheLimitIsRefusedWithLambdasMessage() throws Exception {
    Path pkg = zip("big.zip", Map.of("lib/big.jar", "x".repeat(10_000)));

    assertThatThrownBy(() -> DeploymentPackage.install(pkg, dir.resolve("task"), 5_000))
        .isInstanceOf(DeploymentPackage.InvalidPackageException.class)
        .hasMessage("big.zip: Unzipped size must be smaller than 5000 bytes");
    assertThat(DeploymentPackage.MAX_UNZIPPED_BYTES).isEqualTo(262_144_000L);
  }

  @Test
  void aFileThatIsNotAZipIsRefused() throws Exception {
    Path notZip = Files.writeString(dir.resolve("fn.zip"), "not a zip");

    assertThatThrownBy(() -> DeploymentPackage.install(notZip, dir.resolve("task")))
        .isInstanceOf(DeploymentPackage.InvalidPackageException.class)
        .hasMessageContaining("fn.zip: Could not unzip uploaded file");
  }
}
