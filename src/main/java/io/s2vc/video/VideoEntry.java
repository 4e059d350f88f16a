package io.s2vc.video;

import java.nio.file.Path;

/**
 * One video of a split list.
 *
 * @param file         the video file (exists when returned by {@link DatasetLayout})
 * @param relativePath the path as the split list names it, {@code Class/video.avi} with forward slashes
 * @param className    the class name as the class index spells it
 * @param label        0-based class index
 * @param split        the half of the split the video belongs to
 */
public record VideoEntry(Path file, String relativePath, String className, int label, Split split) {
}
