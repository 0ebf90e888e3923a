package io.breakwater.backend;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

@RegisterRestClient(configKey = ControlApi.CONFIG_PREFIX)
public interface ControlApiClient extends BackendClient {
}
