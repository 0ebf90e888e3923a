package io.breakwater.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;

import io.breakwater.backend.AbstractBackend;
import io.smallrye.config.ConfigMapping;
import io.smallrye.faulttolerance.api.CircuitBreakerName;

/**
 * A backend as the application declares it: a class extending {@link AbstractBackend}, with its breaker's name in
 * {@code @CircuitBreakerName} and its settings' prefix in the {@code @ConfigMapping} of its nested {@code Config}.
 * Read from the compiled classes, so that the test resources stand in for every backend the application has, a new
 * one included, without a list of their own.
 *
 * @param breakerName e.g. {@code ControlAPI}
 * @param configPrefix e.g. {@code control-api}
 */
public record DeclaredBackend(String breakerName, String configPrefix) {

    private static final DotName BACKEND = DotName.createSimple(AbstractBackend.class);
    private static final DotName BREAKER_NAME = DotName.createSimple(CircuitBreakerName.class);
    private static final DotName CONFIG_MAPPING = DotName.createSimple(ConfigMapping.class);

    /**
     * @return every backend declared in {@link AbstractBackend}'s package, by breaker name
     */
    public static List<DeclaredBackend> all() {
        Index index = indexOfPackage();
        List<DeclaredBackend> backends = new ArrayList<>();
        for (ClassInfo declaration : index.getKnownDirectSubclasses(BACKEND)) {
            backends.add(new DeclaredBackend(breakerName(declaration), configPrefix(index, declaration)));
        }
        backends.sort(Comparator.comparing(DeclaredBackend::breakerName));
        if (backends.isEmpty()) {
            throw new IllegalStateException("No class extends " + BACKEND + " in " + BACKEND.packagePrefix());
        }
        return backends;
    }

    private static String breakerName(ClassInfo declaration) {
        return declaration.annotations(BREAKER_NAME).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException(declaration + " has no @CircuitBreakerName"))
                .value().asString();
    }

    private static String configPrefix(Index index, ClassInfo declaration) {
        ClassInfo config = index.getClassByName(declaration.name() + "$Config");
        if (config == null || config.declaredAnnotation(CONFIG_MAPPING) == null) {
            throw new IllegalStateException(declaration + " has no nested Config with @ConfigMapping");
        }
        return config.declaredAnnotation(CONFIG_MAPPING).value("prefix").asString();
    }

    /** The classes of the package, from a directory in tests and from the packaged jar in integration tests. */
    private static Index indexOfPackage() {
        Indexer indexer = new Indexer();
        String packagePath = BACKEND.packagePrefix().replace('.', '/') + "/";
        try {
            for (URL url : Collections.list(AbstractBackend.class.getClassLoader().getResources(packagePath))) {
                if ("jar".equals(url.getProtocol())) {
                    JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        String name = entry.getName();
                        if (name.startsWith(packagePath) && name.indexOf('/', packagePath.length()) < 0
                                && name.endsWith(".class")) {
                            try (InputStream bytes = jar.getInputStream(entry)) {
                                indexer.index(bytes);
                            }
                        }
                    }
                } else if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> classes = Files.list(Path.of(url.toURI()))) {
                        for (Path file : classes.filter(path -> path.toString().endsWith(".class")).toList()) {
                            try (InputStream bytes = Files.newInputStream(file)) {
                                indexer.index(bytes);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return indexer.complete();
    }
}
