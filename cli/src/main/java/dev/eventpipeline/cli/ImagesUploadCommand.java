package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.ImageUploader;
import dev.eventpipeline.cli.client.Units;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `pipeline images upload`: PutObject images into the uploads bucket; prints their keys. */
@Command(name = "upload", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Upload images to the uploads bucket (PutObject with the content type of the file's extension); "
        + "prints one line per object: s3://BUCKET/KEY, content type, size.",
        "The thumbnail function turns each into thumbnails (ThumbnailCreated) or reports ThumbnailFailed; "
            + "watch with `pipeline events tail`."},
    footer = {"", "Example:", "  ./pipeline images upload --prefix demo/ samples/images/*",
        "", "Exit codes: 0 all uploaded, 1 failure, 2 usage error (e.g. a missing file)."})
public final class ImagesUploadCommand extends PipelineCommand {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Image files, or directories (their files are uploaded).")
  private List<Path> files;

  @Option(names = {"-p", "--prefix"}, paramLabel = "P", defaultValue = "",
      description = "Key prefix, e.g. photos/ (default: none: the key is the file name).")
  private String prefix;

  @Option(names = "--bucket", paramLabel = "NAME", description = "Bucket (default: stack output UploadsBucketName).")
  private String bucket;

  @Override
  public Integer call() {
    List<Path> uploads = expand();
    return onPipeline((pipeline, out) -> {
      String bucketName = pipeline.name(bucket, "UploadsBucketName", "--bucket NAME");
      ImageUploader uploader = new ImageUploader(pipeline.s3(), bucketName);
      for (Path file : uploads) {
        ImageUploader.Uploaded uploaded = uploader.upload(file, prefix);
        out.println(uploaded.uri() + "  " + uploaded.contentType() + "  " + Units.bytes(uploaded.bytes()));
        out.flush();
      }
      return 0;
    });
  }

  /** Files as given, directories replaced by their regular files; all checked before anything is sent. */
  private List<Path> expand() {
    List<Path> result = new ArrayList<>();
    for (Path file : files) {
      if (Files.isDirectory(file)) {
        try (Stream<Path> children = Files.list(file)) {
          children.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
              .forEach(result::add);
        } catch (IOException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "Cannot list " + file + ": " + e.getMessage());
        }
      } else if (!Files.exists(file)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "No such file: " + file);
      } else if (!Files.isReadable(file)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Not a readable file: " + file);
      } else {
        result.add(file);
      }
    }
    return result;
  }
}
