package io.s2vc.augment;

/** An axis-aligned crop in source pixel coordinates: rows [top, top+height), columns [left, left+width). */
public record CropBox(int top, int left, int height, int width) {
    public CropBox {
        if (top < 0 || left < 0 || height < 1 || width < 1) {
            throw new IllegalArgumentException("invalid crop box " + top + "," + left + " " + height + "x" + width);
        }
    }

    /** Whether the box lies inside an image of the given size. */
    public boolean fitsIn(int imageHeight, int imageWidth) {
        return top + height <= imageHeight && left + width <= imageWidth;
    }
}
