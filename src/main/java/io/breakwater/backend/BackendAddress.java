package io.breakwater.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Where a backend is reached, worked out once from its configured URL: scheme, host, port and the base path that
 * request paths are appended to, and the Basic credentials the URL carried ({@code http://user:password@host}), sent
 * as the backend's {@code Authorization} and never shown anywhere.
 *
 * @param secure whether the URL is {@code https://}
 * @param host host name or address, an IPv6 address without its brackets
 * @param port the URL's port, or the scheme's default
 * @param basePath the URL's raw path, without a trailing slash; empty for none
 * @param authorization {@code Basic ...} if the URL carried credentials
 */
public record BackendAddress(boolean secure, String host, int port, String basePath, Optional<String> authorization) {

    /**
     * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL with a host, without query or
     *         fragment; the message shows the URL {@linkplain #redact redacted}
     */
    public static BackendAddress of(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + redact(url) + "' is not a URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + redact(url) + "' is not an absolute http:// or https:// URL "
                    + "with a host and without query or fragment");
        }
        boolean secure = scheme.equalsIgnoreCase("https");
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Optional<String> authorization = Optional.ofNullable(uri.getUserInfo()).map(userInfo -> "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        return new BackendAddress(secure, host, uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80, path,
                authorization);
    }

    /**
     * @param urls one URL, or several separated by commas
     * @throws IllegalArgumentException if one is not a URL {@link #of} accepts, or they differ in scheme, base path
     *         or credentials; the message shows the URLs {@linkplain #redact redacted}
     */
    public static List<BackendAddress> listOf(String urls) {
        List<BackendAddress> addresses = new ArrayList<>();
        for (String url : urls.split(",", -1)) {
            BackendAddress address = of(url.strip());
            BackendAddress first = addresses.isEmpty() ? address : addresses.get(0);
            if (address.secure != first.secure || !address.basePath.equals(first.basePath)
                    || !address.authorization.equals(first.authorization)) {
                throw new IllegalArgumentException("'" + redact(url.strip()) + "' differs from the first URL in "
                        + "scheme, path or credentials: the URLs of one backend are endpoints of one service");
            }
            addresses.add(address);
        }
        return List.copyOf(addresses);
    }

    /**
     * @param pathAndQuery raw path (empty or starting with {@code /}) and query string, as the client sent them
     * @return the request target at this backend that they name: the base path followed by them
     */
    public String uri(String pathAndQuery) {
        String uri = basePath + pathAndQuery;
        return uri.startsWith("/") ? uri : "/" + uri;
    }

    /**
     * @return {@code url} with the password of its credentials, if any, replaced by {@code ***}
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.indexOf('@', scheme + 3);
        int slash = url.indexOf('/', scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && slash < at)) {
            return url;
        }
        int colon = url.indexOf(':', scheme + 3);
        String user = colon >= 0 && colon < at ? url.substring(scheme + 3, colon) : url.substring(scheme + 3, at);
        return url.substring(0, scheme + 3) + user + ":***" + url.substring(at);
    }
}
