package io.breakwater.dashboard;

import static io.breakwater.testing.GatewayCalls.call;
import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.breakwater.testing.StubBackends.RESET_TIMEOUT_SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerState;
import io.breakwater.testing.Chromium;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The page as an operator sees it, in a real browser: a breaker's tile turns open when its backend fails and closed
 * again when it recovers, without the page being reloaded. The screenshots land in {@code target/dashboard/}.
 */
@QuarkusTest
@WithTestResource(StubBackends.class)
class DashboardBrowserTest {

    /** How soon the page shows a change. */
    private static final Duration LIVE_UPDATE = Duration.ofSeconds(8);
    /** How soon the first page of a freshly started gateway shows, on a busy machine too. */
    private static final Duration FIRST_RENDER = Duration.ofSeconds(20);

    @TestHTTPResource("/dashboard")
    URL dashboard;

    @Stub("ControlAPI")
    StubBackend control;

    @Inject
    BreakerMonitor breakers;

    private ChromeDriver browser;

    @BeforeEach
    void resetStub() {
        Chromium.requireInstalled();
        control.reset();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void tileTurnsOpenWhenTheBackendFailsAndClosedWhenItRecoversWithoutReload() {
        open(1280, 860);
        awaitTile("ControlAPI", "closed");
        assertEquals("CLOSED", stateShown("DataAPI"));
        browser.executeScript("window.sameDocument = true");

        openBreaker(control, "control", CONTROL_FAIL_MAX);
        for (int i = 0; i < 3; i++) {
            call("/api/control/fail").then().statusCode(503);
        }

        awaitTile("ControlAPI", "open");
        assertTrue(tile("ControlAPI").getAttribute("class").contains("open"));
        assertTrue(tile("ControlAPI").findElement(By.className("timing")).getText().contains("trial call in"));
        assertEquals("CLOSED", stateShown("DataAPI"));
        await().atMost(LIVE_UPDATE).until(() -> transitionRows().stream()
                .anyMatch(row -> row.contains("ControlAPI") && row.contains("closed → open")));
        await().atMost(LIVE_UPDATE).until(() -> !tile("ControlAPI").findElement(By.className("rejected-rate"))
                .getText().equals("0"));
        Chromium.screenshot(browser, "ControlAPI-open");

        control.answer(200, "{\"ok\":true}");
        await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 3))
                .until(() -> breakers.status("ControlAPI").state() == BreakerState.HALF_OPEN);
        awaitTile("ControlAPI", "half-open");
        call("/api/control/recovered").then().statusCode(200);

        awaitTile("ControlAPI", "closed");
        assertFalse(tile("ControlAPI").getAttribute("class").contains("open"));
        assertEquals(Boolean.TRUE, browser.executeScript("return window.sameDocument === true"),
                "the page was reloaded");
        Chromium.screenshot(browser, "ControlAPI-recovered");
    }

    @Test
    void offersNoAdminActionsWhileTheAdminApiIsOff() {
        open(1280, 860);
        awaitTile("ControlAPI", "closed");

        assertFalse(tile("ControlAPI").findElement(By.className("admin")).isDisplayed());
        assertTrue(browser.findElements(By.cssSelector("button[data-action]")).stream()
                .noneMatch(WebElement::isDisplayed));
    }

    @Test
    void fitsAPhoneScreen() {
        open(390, 844);
        awaitTile("ControlAPI", "closed");

        Object overflow = browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0L, overflow, "the page scrolls sideways on a phone");
        Chromium.screenshot(browser, "phone");
    }

    private void open(int width, int height) {
        browser = Chromium.start(width, height);
        browser.get(dashboard.toString());
        await().atMost(FIRST_RENDER).ignoreExceptions().until(() -> tile("ControlAPI").isDisplayed());
    }

    private void awaitTile(String breaker, String stateText) {
        await().atMost(LIVE_UPDATE).ignoreExceptions().until(() -> stateShown(breaker).equalsIgnoreCase(stateText));
    }

    /** The state as the tile's badge shows it (in capitals). */
    private String stateShown(String breaker) {
        return tile(breaker).findElement(By.cssSelector("header .state")).getText();
    }

    private WebElement tile(String breaker) {
        return browser.findElement(By.cssSelector("article[data-breaker='" + breaker + "']"));
    }

    private List<String> transitionRows() {
        return browser.findElements(By.cssSelector("#transitions tr")).stream().map(WebElement::getText).toList();
    }
}
