package io.breakwater.backend;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.breakwater.InvalidSetting;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.RelocateConfigSourceInterceptor;
import io.smallrye.config.common.utils.StringUtil;

/**
 * Hands each backend's {@code fail-max}, {@code failure-ratio} and {@code reset-timeout} to the {@code @CircuitBreaker}
 * on its {@link Backend#call}.
 * <p>
 * SmallRye Fault Tolerance reads a breaker's settings under the class and method that carry it
 * ({@code quarkus.fault-tolerance."io.breakwater.backend.ControlApi/call".circuit-breaker.delay}). Rather than have
 * {@code application.properties} name each backend's class in quotes, where a renamed class would silently leave its
 * breaker on the annotation's defaults, this relocates those keys to the backend's own prefix: its class's simple
 * name in kebab case ({@code ControlApi}: {@code control-api.reset-timeout}, set by {@code CONTROL_API_RESET_TIMEOUT}).
 * {@link #verify} stops start-up if a backend's {@code @ConfigMapping} prefix is not that one. Registered in
 * {@code META-INF/services}, as SmallRye Config finds interceptors, also in the native executable.
 */
public class BreakerSettings implements ConfigSourceInterceptorFactory {

    private static final Pattern BREAKER_KEY = Pattern.compile("(?:quarkus\\.fault-tolerance|smallrye\\.faulttolerance)"
            + "\\.\"([\\w.$]+)/call\"\\.circuit-breaker\\.(request-volume-threshold|failure-ratio|delay)");
    /** The breaker's settings, and the backend's settings they come from. */
    private static final Map<String, String> RELOCATED = Map.of("request-volume-threshold", "fail-max",
            "failure-ratio", "failure-ratio", "delay", "reset-timeout");

    @Override
    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
        return new RelocateConfigSourceInterceptor(BreakerSettings::relocate);
    }

    /**
     * @return where the value of the configuration key {@code name} is found
     */
    static String relocate(String name) {
        // every configuration lookup comes through here: most leave at the first test
        if (!name.contains(".circuit-breaker.")) {
            return name;
        }
        Matcher key = BREAKER_KEY.matcher(name);
        return key.matches() ? prefixOf(key.group(1)) + "." + RELOCATED.get(key.group(2)) : name;
    }

    /**
     * @return the configuration prefix of the backend declared by {@code declaration}: {@code ControlApi} is
     *         configured under {@code control-api}
     */
    static String prefixOf(Class<?> declaration) {
        return prefixOf(declaration.getName());
    }

    /** Kebab case as SmallRye Config names a mapping's properties: {@code failMax} is {@code fail-max}. */
    private static String prefixOf(String className) {
        String simpleName = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
        return StringUtil.skewer(simpleName);
    }

    /**
     * Checks that the breaker on {@code declaration}'s {@code call} gets the backend's own settings.
     *
     * @throws ConfigValidationException if it would not, because the backend's settings are not under the prefix its
     *         class name gives
     */
    static void verify(Class<?> declaration, BackendConfig settings) {
        Config config = ConfigProvider.getConfig();
        String key = "quarkus.fault-tolerance.\"" + declaration.getName() + "/call\".circuit-breaker.";
        Optional<Integer> failMax = config.getOptionalValue(key + "request-volume-threshold", Integer.class);
        Optional<Integer> resetTimeout = config.getOptionalValue(key + "delay", Integer.class);
        if (failMax.filter(value -> value == settings.failMax()).isEmpty()
                || resetTimeout.filter(value -> value == settings.resetTimeout()).isEmpty()) {
            String prefix = prefixOf(declaration);
            throw InvalidSetting.of(declaration.getSimpleName()
                    + " must take its settings with @ConfigMapping(prefix = \"" + prefix
                    + "\"), the prefix its class name gives, so that its circuit breaker gets " + prefix
                    + ".fail-max and " + prefix + ".reset-timeout");
        }
    }

    /**
     * Checks the settings that only make sense beside another one.
     *
     * @throws ConfigValidationException if {@code reset-timeout-max} is less than {@code reset-timeout} (the open
     *         period backs off from the one up to the other), or {@code slow-call-threshold} is not less than
     *         {@code timeout} (no call would ever be slow)
     */
    static void verifyPairs(String prefix, BackendConfig settings) {
        if (settings.longestOpenPeriod() < settings.resetTimeout()) {
            throw InvalidSetting.of(prefix + ".reset-timeout-max must be at least " + prefix + ".reset-timeout ("
                    + settings.resetTimeout() + "), but was " + settings.longestOpenPeriod());
        }
        Optional<Duration> threshold = settings.slowCallThreshold();
        if (threshold.isPresent() && threshold.get().compareTo(Duration.ofSeconds(settings.timeout())) >= 0) {
            throw InvalidSetting.of(prefix + ".slow-call-threshold must be less than " + prefix + ".timeout ("
                    + settings.timeout() + " s), but was " + threshold.get().toMillis() + " ms");
        }
    }

}
