package io.breakwater.dashboard;

import static io.breakwater.testing.EndpointStubs.EJECT_AFTER;
import static io.breakwater.testing.GatewayCalls.call;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import io.breakwater.testing.Chromium;
import io.breakwater.testing.EndpointStubs;
import io.breakwater.testing.EndpointStubs.ControlEndpoints;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A backend's endpoints in its tile, in a real browser: ControlAPI's three listed in the order of its URL, the one
 * that fails shown ejected with when it serves again, and serving again once its ejection is over; DataAPI's single
 * endpoint as one item without a summary. The screenshots land in {@code target/dashboard/}.
 */
@QuarkusTest
@WithTestResource(EndpointStubs.class)
class DashboardEndpointsBrowserTest {

    /** How soon the first page of a freshly started gateway shows, on a busy machine too. */
    private static final Duration FIRST_RENDER = Duration.ofSeconds(20);
    /** How soon the page shows a change. */
    private static final Duration LIVE_UPDATE = Duration.ofSeconds(8);
    private static final Pattern COUNTS = Pattern.compile("(\\d+) calls · (\\d+) failed \\((\\d+) in a row\\)");

    /**
     * Reads a tile's endpoints in one go, as the page rebuilds them with each snapshot: what each item says, its
     * classes, and the colour of its badge.
     */
    private static final String ENDPOINTS_SHOWN = """
            const tile = document.querySelector(`article[data-breaker='${arguments[0]}']`);
            const summary = tile.querySelector('.endpoints-summary');
            return {
                summary: summary.hidden ? null : summary.textContent,
                endpoints: [...tile.querySelectorAll('.endpoints li')].map((item) => ({
                    url: item.querySelector('.url').textContent,
                    state: item.querySelector('.state').textContent,
                    detail: item.querySelector('.endpoint-detail').textContent,
                    classes: item.className,
                    badge: getComputedStyle(item.querySelector('.state')).backgroundColor,
                })),
            };
            """;

    /** One endpoint as its tile shows it. */
    private record Shown(String url, String state, String detail, String classes, String badge) {

        boolean ejected() {
            return state.equals("ejected");
        }

        long failures() {
            Matcher counts = COUNTS.matcher(detail);
            assertTrue(counts.find(), "no calls and failures in: " + detail);
            return Long.parseLong(counts.group(2));
        }
    }

    /** A tile's endpoints, and its summary line unless hidden. */
    private record Tile(String summary, List<Shown> endpoints) {

        List<String> urls() {
            return endpoints.stream().map(Shown::url).toList();
        }

        Optional<Shown> find(String url) {
            return endpoints.stream().filter(endpoint -> endpoint.url.equals(url)).findFirst();
        }
    }

    @TestHTTPResource("/dashboard")
    URL dashboard;

    ControlEndpoints endpoints;

    @Stub("DataAPI")
    StubBackend data;

    private ChromeDriver browser;

    @BeforeEach
    void allServing() {
        Chromium.requireInstalled();
        endpoints.reset();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
        endpoints.reset();
    }

    @Test
    void listsEachEndpointAndShowsAFailingOneEjectedUntilItServesAgain() {
        open(1280, 860);
        List<String> urls = endpoints.stubs().stream().map(StubBackend::url).toList();
        Tile control = await().atMost(LIVE_UPDATE).until(() -> tile("ControlAPI"),
                shown -> shown.endpoints().stream().noneMatch(Shown::ejected));
        assertEquals(urls, control.urls(), "in the order of the URL");
        assertEquals("3 endpoints: 3 serving", control.summary());
        control.endpoints().forEach(endpoint -> assertFalse(endpoint.classes().contains("ejected"), endpoint.url()));

        Tile single = tile("DataAPI");
        assertEquals(List.of(data.url()), single.urls());
        assertEquals("serving", single.endpoints().get(0).state());
        assertNull(single.summary(), "one endpoint needs no summary");

        String sick = urls.get(1);
        endpoints.get(1).answer(503, "{\"error\":\"sick\"}");
        // calls go on while the page is watched: each ejection in a row lasts longer, up to 4 s
        Tile ejected = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            call("/api/control/items").then().extract().statusCode();
            return tile("ControlAPI");
        }, shown -> shown.find(sick).map(Shown::ejected).orElse(false));
        Shown shownSick = ejected.find(sick).orElseThrow();
        assertTrue(shownSick.classes().contains("ejected"), shownSick.classes());
        assertTrue(shownSick.detail().startsWith("until "), shownSick.detail());
        assertTrue(shownSick.failures() >= EJECT_AFTER, shownSick.detail());
        assertEquals("3 endpoints: 2 serving, 1 ejected", ejected.summary());
        for (String other : List.of(urls.get(0), urls.get(2))) {
            Shown serving = ejected.find(other).orElseThrow();
            assertEquals("serving", serving.state(), other);
            assertFalse(serving.detail().contains("until"), serving.detail());
            assertNotEquals(serving.badge(), shownSick.badge(), "an ejected endpoint's badge has a colour of its own");
        }
        Chromium.screenshot(browser, "ControlAPI-endpoint-ejected");

        endpoints.get(1).answer(200, "{\"ok\":true}");
        Tile recovered = await().atMost(Duration.ofSeconds(EndpointStubs.EJECT_TIME_MAX_SECONDS).plus(LIVE_UPDATE))
                .until(() -> tile("ControlAPI"), shown -> shown.endpoints().stream().noneMatch(Shown::ejected));
        assertEquals(urls, recovered.urls());
        assertEquals("3 endpoints: 3 serving", recovered.summary());
    }

    @Test
    void fitsAPhoneScreenWithEveryEndpoint() {
        open(390, 844);
        await().atMost(LIVE_UPDATE).until(() -> tile("ControlAPI").endpoints().size() == 3);

        Object overflow = browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0L, overflow, "the page scrolls sideways on a phone");
        Chromium.screenshot(browser, "phone-endpoints");
    }

    private void open(int width, int height) {
        browser = Chromium.start(width, height);
        browser.get(dashboard.toString());
        await().atMost(FIRST_RENDER).ignoreExceptions().until(() -> !tile("ControlAPI").endpoints().isEmpty());
    }

    @SuppressWarnings("unchecked")
    private Tile tile(String breaker) {
        Map<String, Object> shown = (Map<String, Object>) browser.executeScript(ENDPOINTS_SHOWN, breaker);
        List<Shown> endpoints = ((List<Map<String, Object>>) shown.get("endpoints")).stream()
                .map(item -> new Shown((String) item.get("url"), (String) item.get("state"),
                        (String) item.get("detail"), (String) item.get("classes"), (String) item.get("badge")))
                .toList();
        return new Tile((String) shown.get("summary"), endpoints);
    }
}
