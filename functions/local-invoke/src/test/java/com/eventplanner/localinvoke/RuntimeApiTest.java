package com.eventplanner.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real runtime interface client against {@link RuntimeApi}, two instances started side by side. */
class RuntimeApiTest {

    @Test
    void instancesStartedTogetherEachServeTheirInvocationsInTurn() throws Exception {
        Path code = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<RuntimeApi> apis = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        try {
            for (String name : List.of("First", "Second")) {
                RuntimeApi api = new RuntimeApi(name);
                apis.add(api);
                ProcessBuilder builder = new ProcessBuilder(RuntimeInterfaceClient.command(code,
                        EchoHandler.class.getName() + "::handleRequest", 256)).inheritIO();
                builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
                builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", name);
                processes.add(builder.start());
            }
            for (int i = 0; i < apis.size(); i++) {
                CompletableFuture<RuntimeApi.Outcome> one = apis.get(i).invoke("{\"n\":1}", Duration.ofSeconds(5));
                CompletableFuture<RuntimeApi.Outcome> two = apis.get(i).invoke("{\"n\":2}", Duration.ofSeconds(5));
                String name = i == 0 ? "First" : "Second";
                assertThat(one.get(2, TimeUnit.MINUTES).body()).isEqualTo("{\"function\":\"" + name + "\",\"event\":{\"n\":1}}");
                RuntimeApi.Outcome second = two.get(1, TimeUnit.MINUTES);
                assertThat(second.error()).isFalse();
                assertThat(second.body()).endsWith("{\"n\":2}}");
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
            for (RuntimeApi api : apis) {
                api.close();
            }
        }
    }
}
