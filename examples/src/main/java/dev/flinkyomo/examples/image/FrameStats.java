package dev.flinkyomo.examples.image;

import java.util.Objects;

/**
 * What the image Wasm function (wasm-guests/c-image/frame_stats.c) says about one frame: mean
 * BT.601 luma 0..255 and the share of edge pixels in per mille. A Flink POJO.
 */
public class FrameStats {

    private String camera;
    private String tid;
    private int width;
    private int height;
    private int brightness;
    private int edgePermille;

    public FrameStats() {}

    public FrameStats(
            String camera, String tid, int width, int height, int brightness, int edgePermille) {
        this.camera = camera;
        this.tid = tid;
        this.width = width;
        this.height = height;
        this.brightness = brightness;
        this.edgePermille = edgePermille;
    }

    public String getCamera() {
        return camera;
    }

    public void setCamera(String camera) {
        this.camera = camera;
    }

    public String getTid() {
        return tid;
    }

    public void setTid(String tid) {
        this.tid = tid;
    }

    public int getWidth() {
        return width;
    }

    public void setWidth(int width) {
        this.width = width;
    }

    public int getHeight() {
        return height;
    }

    public void setHeight(int height) {
        this.height = height;
    }

    public int getBrightness() {
        return brightness;
    }

    public void setBrightness(int brightness) {
        this.brightness = brightness;
    }

    public int getEdgePermille() {
        return edgePermille;
    }

    public void setEdgePermille(int edgePermille) {
        this.edgePermille = edgePermille;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameStats f
                && width == f.width
                && height == f.height
                && brightness == f.brightness
                && edgePermille == f.edgePermille
                && Objects.equals(camera, f.camera)
                && Objects.equals(tid, f.tid);
    }

    @Override
    public int hashCode() {
        return Objects.hash(camera, tid, width, height, brightness, edgePermille);
    }

    @Override
    public String toString() {
        return camera
                + " "
                + width
                + "x"
                + height
                + " brightness="
                + brightness
                + " edges="
                + edgePermille
                + "‰";
    }
}
