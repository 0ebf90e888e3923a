package io.breakwater.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.breakwater.testing.Chromium;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * With the admin API on, the page offers its actions, asks for the token once, keeps it out of the browser's
 * storage, and sends it as a bearer token. What the admin API answers is its own business; the requests the page
 * sends are recorded by wrapping the page's {@code fetch}.
 */
@QuarkusTest
@TestProfile(RedisDownAdminOn.class)
@WithTestResource(StubBackends.class)
class DashboardAdminBrowserTest {

    private static final String RECORD_REQUESTS = """
            window.sentRequests = [];
            const send = window.fetch;
            window.fetch = (url, init) => {
                window.sentRequests.push({path: new URL(url, location.href).pathname, method: init.method,
                    authorization: init.headers.Authorization, body: init.body || null});
                return send(url, init);
            };
            """;

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    private ChromeDriver browser;

    @BeforeEach
    void openPage() {
        browser = Chromium.start(1280, 860);
        browser.get(dashboard.toString());
        // the first page of a freshly started gateway may take a while on a busy machine
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> controlTile().isDisplayed());
        browser.executeScript(RECORD_REQUESTS);
    }

    @AfterEach
    void closeBrowserAndLiftOverrides() {
        if (browser != null) { // null when Chromium is missing and the test was skipped
            browser.quit();
        }
        given().auth().oauth2(RedisDownAdminOn.ADMIN_TOKEN).when().delete("/admin/breakers/ControlAPI/override")
                .then().statusCode(200);
    }

    @Test
    void asksForTheTokenOnceAndSendsItAsBearerToken() {
        assertTrue(controlTile().findElement(By.className("admin")).isDisplayed());

        button("reset").click();
        WebElement tokenDialog = browser.findElement(By.id("token-dialog"));
        await().atMost(Duration.ofSeconds(2)).until(tokenDialog::isDisplayed);
        tokenDialog.findElement(By.name("token")).sendKeys(RedisDownAdminOn.ADMIN_TOKEN + Keys.ENTER);

        Map<String, Object> reset = awaitRequest(0);
        assertEquals("/admin/breakers/ControlAPI/reset", reset.get("path"));
        assertEquals("POST", reset.get("method"));
        assertEquals("Bearer " + RedisDownAdminOn.ADMIN_TOKEN, reset.get("authorization"));
        WebElement result = controlTile().findElement(By.className("admin-result"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !result.getText().isBlank() && !result.getText().equals("sending…"));
        Chromium.screenshot(browser, "admin");

        button("force-open").click();
        WebElement overrideDialog = browser.findElement(By.id("override-dialog"));
        await().atMost(Duration.ofSeconds(2)).until(overrideDialog::isDisplayed);
        WebElement duration = overrideDialog.findElement(By.name("duration"));
        duration.clear();
        duration.sendKeys("60");
        overrideDialog.findElement(By.name("reason")).sendKeys("maintenance");
        overrideDialog.findElement(By.cssSelector("button[value=ok]")).click();

        Map<String, Object> forceOpen = awaitRequest(1);
        assertFalse(tokenDialog.isDisplayed(), "the token was asked for again");
        assertEquals("/admin/breakers/ControlAPI/force-open", forceOpen.get("path"));
        assertEquals("Bearer " + RedisDownAdminOn.ADMIN_TOKEN, forceOpen.get("authorization"));
        JsonPath body = JsonPath.from((String) forceOpen.get("body"));
        assertEquals(60, body.getInt("duration_seconds"));
        assertEquals("maintenance", body.getString("reason"));
        await().atMost(Duration.ofSeconds(5)).until(() -> controlTile().getAttribute("class").contains("held")
                && controlTile().getText().contains("maintenance"));
        Chromium.screenshot(browser, "admin-force-open");

        assertEquals(0L, browser.executeScript("return localStorage.length + sessionStorage.length"));
        assertEquals("", browser.executeScript("return document.cookie"));
    }

    private WebElement controlTile() {
        return browser.findElement(By.cssSelector("article[data-breaker='ControlAPI']"));
    }

    private WebElement button(String action) {
        return controlTile().findElement(By.cssSelector("button[data-action='" + action + "']"));
    }

    private Map<String, Object> awaitRequest(int index) {
        await().atMost(Duration.ofSeconds(5)).until(() -> sentRequests().size() > index);
        return sentRequests().get(index);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> sentRequests() {
        return (List<Map<String, Object>>) browser.executeScript("return window.sentRequests");
    }
}
