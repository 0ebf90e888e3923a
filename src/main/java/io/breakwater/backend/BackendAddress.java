package io.breakwater.backend;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a backend is reached, worked out once from its configured URL: the base that request paths are appended
 * to, and the Basic credentials the URL carried ({@code http://user:password@host}), sent as the backend's
 * {@code Authorization} and never shown anywhere.
 *
 * @param base scheme, host, port and base path, without credentials or a trailing slash
 * @param authorization {@code Basic ...} if the URL carried credentials
 */
public record BackendAddress(String base, Optional<String> authorization) {

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
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String base = scheme.toLowerCase() + "://" + uri.getRawAuthority().substring(
                uri.getRawUserInfo() == null ? 0 : uri.getRawUserInfo().length() + 1) + path;
        Optional<String> authorization = Optional.ofNullable(uri.getUserInfo()).map(userInfo -> "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        return new BackendAddress(base, authorization);
    }

    /**
     * @param pathAndQuery raw path (empty or starting with {@code /}) and query string, as the client sent them
     * @return the URL at this backend that they name
     */
    public String target(String pathAndQuery) {
        if (pathAndQuery.startsWith("/") || base.indexOf('/', base.indexOf("://") + 3) >= 0) {
            return base + pathAndQuery;
        }
        return base + "/" + pathAndQuery;
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
