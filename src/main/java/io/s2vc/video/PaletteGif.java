package io.s2vc.video;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * An animated GIF with one palette of 256 colours chosen for the clip (median cut over a sample of all its
 * pixels), each pixel mapped to its nearest palette colour without dithering, looping forever. FFmpeg's GIF
 * path converts to a fixed 3-3-2 palette with dithering, which turns natural footage into noise; this one is
 * what a README picture needs.
 */
final class PaletteGif {
    private static final int COLOURS = 256;
    private static final int SAMPLE = 200_000;
    /** Lookup of the nearest palette colour by 5 bits per channel. */
    private static final int CELL_BITS = 5;

    private PaletteGif() {
    }

    static void write(Path file, Clip clip, double framesPerSecond) throws IOException {
        byte[][] palette = medianCut(clip);
        IndexColorModel colours = new IndexColorModel(8, COLOURS, palette[0], palette[1], palette[2]);
        int[] nearest = new int[1 << (3 * CELL_BITS)];
        Arrays.fill(nearest, -1);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(file);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            writer.prepareWriteSequence(null);
            for (int t = 0; t < clip.frames(); t++) {
                BufferedImage image = new BufferedImage(clip.width(), clip.height(), BufferedImage.TYPE_BYTE_INDEXED, colours);
                byte[] indices = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
                byte[] rgb = clip.rgb();
                int base = t * clip.frameBytes();
                for (int p = 0; p < clip.height() * clip.width(); p++) {
                    int i = base + p * Clip.CHANNELS;
                    indices[p] = (byte) nearest(nearest, palette, rgb[i] & 0xFF, rgb[i + 1] & 0xFF, rgb[i + 2] & 0xFF);
                }
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
                annotate(metadata, framesPerSecond, t == 0, palette);
                writer.writeToSequence(new IIOImage(image, null, metadata), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /** Frame delay and, on the first frame, the NETSCAPE2.0 block that makes the animation loop forever. */
    private static void annotate(IIOMetadata metadata, double framesPerSecond, boolean first, byte[][] palette)
            throws IOException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode table = child(root, "LocalColorTable");
        while (table.hasChildNodes()) {
            table.removeChild(table.getFirstChild());
        }
        table.setAttribute("sizeOfLocalColorTable", Integer.toString(COLOURS));
        table.setAttribute("sortFlag", "FALSE");
        for (int c = 0; c < COLOURS; c++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(c));
            entry.setAttribute("red", Integer.toString(palette[0][c] & 0xFF));
            entry.setAttribute("green", Integer.toString(palette[1][c] & 0xFF));
            entry.setAttribute("blue", Integer.toString(palette[2][c] & 0xFF));
            table.appendChild(entry);
        }
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("transparentColorIndex", "0");
        control.setAttribute("delayTime", Integer.toString((int) Math.max(2, Math.round(100 / framesPerSecond))));
        if (first) {
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[] {1, 0, 0});
            child(root, "ApplicationExtensions").appendChild(loop);
        }
        try {
            metadata.setFromTree(format, root);
        } catch (javax.imageio.metadata.IIOInvalidTreeException e) {
            throw new IOException("cannot annotate a GIF frame: " + e.getMessage(), e);
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    private static int nearest(int[] cache, byte[][] palette, int r, int g, int b) {
        int shift = 8 - CELL_BITS;
        int cell = ((r >> shift) << (2 * CELL_BITS)) | ((g >> shift) << CELL_BITS) | (b >> shift);
        if (cache[cell] < 0) {
            // the cell's centre, so that every pixel of a cell gets the same colour
            int cr = ((r >> shift) << shift) + (1 << (shift - 1));
            int cg = ((g >> shift) << shift) + (1 << (shift - 1));
            int cb = ((b >> shift) << shift) + (1 << (shift - 1));
            int best = 0;
            int bestDistance = Integer.MAX_VALUE;
            for (int c = 0; c < COLOURS; c++) {
                int dr = cr - (palette[0][c] & 0xFF);
                int dg = cg - (palette[1][c] & 0xFF);
                int db = cb - (palette[2][c] & 0xFF);
                int distance = 2 * dr * dr + 4 * dg * dg + 3 * db * db; // rough perceptual weights
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            cache[cell] = best;
        }
        return cache[cell];
    }

    /** 256 colours: boxes of sampled pixels split at the median of their widest channel, then averaged. */
    static byte[][] medianCut(Clip clip) {
        int pixels = clip.frames() * clip.height() * clip.width();
        int step = Math.max(1, pixels / SAMPLE);
        List<int[]> sample = new ArrayList<>();
        for (int p = 0; p < pixels; p += step) {
            int i = p * Clip.CHANNELS;
            sample.add(new int[] {clip.rgb()[i] & 0xFF, clip.rgb()[i + 1] & 0xFF, clip.rgb()[i + 2] & 0xFF});
        }
        List<List<int[]>> boxes = new ArrayList<>(List.of(sample));
        while (boxes.size() < COLOURS) {
            List<int[]> widest = null;
            int widestChannel = 0;
            int widestRange = 0;
            for (List<int[]> box : boxes) {
                for (int c = 0; c < 3; c++) {
                    int channel = c;
                    int range = box.stream().mapToInt(v -> v[channel]).max().orElse(0)
                            - box.stream().mapToInt(v -> v[channel]).min().orElse(0);
                    if (box.size() > 1 && range > widestRange) {
                        widest = box;
                        widestChannel = c;
                        widestRange = range;
                    }
                }
            }
            if (widest == null) {
                break; // fewer distinct colours than the palette holds
            }
            int channel = widestChannel;
            widest.sort(Comparator.comparingInt(v -> v[channel]));
            int half = widest.size() / 2;
            boxes.remove(widest);
            boxes.add(new ArrayList<>(widest.subList(0, half)));
            boxes.add(new ArrayList<>(widest.subList(half, widest.size())));
        }
        byte[][] palette = new byte[3][COLOURS];
        for (int b = 0; b < boxes.size(); b++) {
            for (int c = 0; c < 3; c++) {
                int channel = c;
                palette[c][b] = (byte) Math.round(boxes.get(b).stream().mapToInt(v -> v[channel]).average().orElse(0));
            }
        }
        return palette;
    }
}
