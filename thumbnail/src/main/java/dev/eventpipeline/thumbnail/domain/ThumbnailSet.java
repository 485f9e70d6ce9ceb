package dev.eventpipeline.thumbnail.domain;

import java.util.List;

/** The thumbnails of one source, one per configured size (ascending), all in the same format. */
public record ThumbnailSet(SourceImage source, List<Thumbnail> thumbnails) {}
