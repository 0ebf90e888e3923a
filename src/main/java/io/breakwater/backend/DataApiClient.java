package io.breakwater.backend;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

@RegisterRestClient(configKey = DataApi.CONFIG_PREFIX)
public interface DataApiClient extends BackendClient {
}
