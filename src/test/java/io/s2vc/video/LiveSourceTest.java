package io.s2vc.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream URL is decoded like a file: here an http source served on loopback. */
class LiveSourceTest {

    @Test
    void httpSourceIsCutIntoWindows(@TempDir Path dir) throws Exception {
        Clip source = ClipWindowerTest.rendered(20);
        Path video = dir.resolve("live.avi");
        VideoWriter.write(video, source, 25);
        byte[] bytes = Files.readAllBytes(video);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/live.avi", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/x-msvideo");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try (VideoDecoder decoder = VideoDecoder.open(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/live.avi", 48, 64)) {
            AtomicInteger windows = new AtomicInteger();
            new ClipWindower(4, 2, 3).cut(decoder, (i, ms, clip) -> windows.incrementAndGet());
            assertEquals(5, windows.get());
        } finally {
            server.stop(0);
        }
    }
}
