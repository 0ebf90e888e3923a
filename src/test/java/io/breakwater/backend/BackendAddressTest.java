package io.breakwater.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://control-api:8080       | /analytics?x=1 | http://control-api:8080  | /analytics?x=1",
            "http://control-api:8080/      | /analytics     | http://control-api:8080  | /analytics",
            "http://control-api:8080       | ''             | http://control-api:8080  | /",
            "http://control-api:8080       | ?x=1           | http://control-api:8080  | /?x=1",
            "https://api.example/v1/       | /analytics     | https://api.example:443  | /v1/analytics",
            "https://api.example/v1        | ''             | https://api.example:443  | /v1",
            "HTTP://api.example            | /a             | http://api.example:80    | /a",
            "http://[::1]:9000/base        | /a             | http://::1:9000          | /base/a",
    })
    void appendsTheClientsPathToTheBase(String url, String pathAndQuery, String origin, String uri) {
        BackendAddress address = BackendAddress.of(url);

        assertEquals(origin, (address.secure() ? "https" : "http") + "://" + address.host() + ":" + address.port());
        assertEquals(uri, address.uri(pathAndQuery));
    }

    @Test
    void turnsCredentialsIntoBasicAuthorizationAndLeavesThemOutOfTheTarget() {
        BackendAddress address = BackendAddress.of("http://gateway:p%40ss@control-api:8080/base");

        assertEquals("control-api", address.host());
        assertEquals("/base/x", address.uri("/x"));
        assertEquals(Optional.of("Basic Z2F0ZXdheTpwQHNz"), address.authorization(), "gateway:p@ss in Base64");
        assertEquals(Optional.empty(), BackendAddress.of("http://control-api:8080").authorization());
    }

    @ParameterizedTest
    @ValueSource(strings = { "ftp://files.example", "control-api:8080", "/relative", "http://", "http://a b",
            "http://host/path?query", "http://host/#fragment" })
    void refusesWhatIsNotAnHttpBaseUrl(String url) {
        assertThrows(IllegalArgumentException.class, () -> BackendAddress.of(url));
    }

    @Test
    void readsSeveralUrlsAsEndpointsOfOneBackend() {
        List<BackendAddress> addresses = BackendAddress
                .listOf("http://a:8080/base, http://b:9090/base,http://[::1]/base");

        assertEquals(List.of("a", "b", "::1"), addresses.stream().map(BackendAddress::host).toList());
        assertEquals(List.of(8080, 9090, 80), addresses.stream().map(BackendAddress::port).toList());
        assertEquals("/base/x", addresses.get(2).uri("/x"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://a/base,https://b/base", "http://a/base,http://b/other",
            "http://u:p@a/base,http://b/base", "http://a/base,", "http://a/base,ftp://b/base" })
    void refusesEndpointsThatAreNotOfOneService(String urls) {
        assertThrows(IllegalArgumentException.class, () -> BackendAddress.listOf(urls));
    }

    @Test
    void neverShowsThePassword() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> BackendAddress.of("ftp://operator:hunter2@files.internal")).getMessage();

        assertTrue(message.contains("ftp://operator:***@files.internal"), message);
        assertFalse(message.contains("hunter2"), message);
        assertEquals("http://host:8080/x", BackendAddress.redact("http://host:8080/x"));
        assertEquals("http://user:***@host/x@y", BackendAddress.redact("http://user@host/x@y"));
    }
}
