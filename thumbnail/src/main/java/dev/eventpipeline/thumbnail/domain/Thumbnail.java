package dev.eventpipeline.thumbnail.domain;

import dev.eventpipeline.thumbnail.image.OutputFormat;
/** One encoded thumbnail: the configured size (longest edge asked for), its real dimensions and bytes. */
public record Thumbnail(int size, int width, int height, OutputFormat format, byte[] data) {}
