package org.spex4j.model.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Model files shipped on the class path (inside a dependency's jar), as files: readers such as the ONNX and
 * tokenizer.json parsers need a path, so a resource is copied once into a cache directory and reused from there.
 * Nothing is ever downloaded: a resource is read through the class loader and only from a {@code jar:} or
 * {@code file:} URL; any other (a class loader reading from the network) is refused.
 */
public final class ShippedResources {
    private ShippedResources() {}

    /** The cache directory: the system property {@code spex4j.cache}, else {@code ~/.cache/spex4j}. */
    public static Path cacheDir() {
        String prop = System.getProperty("spex4j.cache");
        return prop != null && !prop.isBlank() ? Paths.get(prop)
                : Paths.get(System.getProperty("user.home"), ".cache", "spex4j");
    }

    /**
     * A file copy of the class-path resource {@code resource} (a name at the class path's root), in
     * {@link #cacheDir()} (or, when that cannot be created, {@code spex4j-cache} in the temporary directory). A cached
     * copy whose size matches the resource is reused; otherwise the resource is copied to a temporary file and moved
     * into place, so that processes sharing the cache never see half a file.
     *
     * @param dependency the artifact that ships the resource, named in the error when it is not on the class path
     */
    public static Path file(String resource, String dependency) {
        URL url = ShippedResources.class.getResource("/" + resource);
        if (url == null) {
            throw new IllegalStateException("class-path resource /" + resource + " not found: the dependency "
                    + dependency + " must be on the class path");
        }
        if (!url.getProtocol().equals("jar") && !url.getProtocol().equals("file")) {
            throw new IllegalStateException("class-path resource /" + resource + " is at " + url + ", neither in a "
                    + "jar nor a file; spex4j reads model files only from the local class path");
        }
        try {
            URLConnection conn = url.openConnection();
            conn.setUseCaches(false);
            long size = conn.getContentLengthLong();
            Path dir = cacheDir();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                dir = Paths.get(System.getProperty("java.io.tmpdir"), "spex4j-cache");
                Files.createDirectories(dir);
            }
            Path target = dir.resolve(resource);
            if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
                conn.getInputStream().close();
                return target;
            }
            Path tmp = Files.createTempFile(dir, resource, ".part");
            try (InputStream in = conn.getInputStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy class-path resource /" + resource + " to "
                    + cacheDir() + ": " + e, e);
        }
    }
}
