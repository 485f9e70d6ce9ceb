package dev.eventpipeline.thumbnail.domain;

import dev.eventpipeline.thumbnail.image.ImageFormat;
/**
 * What a source image is, as reported in ThumbnailCreated: width and height as displayed (after the
 * EXIF orientation), frames or pages.
 */
public record SourceImage(ImageFormat format, int width, int height, int frames, long bytes) {}
