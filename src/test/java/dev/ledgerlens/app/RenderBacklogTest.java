package dev.ledgerlens.app;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The render backlog gives every place back exactly once, however the document ends, and blocks when full. */
class RenderBacklogTest {
    private final CamelContext camel = new DefaultCamelContext();
    private final RenderBacklog backlog = new RenderBacklog(2);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        camel.stop();
    }

    private ProducerTemplate start() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:rendered").process(backlog::enter).process(backlog::leave).log("extracting");
                from("direct:failed").process(backlog::enter).throwException(new IllegalStateException("render failed"));
                from("direct:held").process(backlog::enter).process(exchange -> release.await(10, TimeUnit.SECONDS));
            }
        });
        camel.start();
        return camel.createProducerTemplate();
    }

    @Test
    void aPlaceTakenIsGivenBackOnceWhenTheEngineTakesTheDocument() throws Exception {
        ProducerTemplate producer = start();
        producer.sendBody("direct:rendered", "a");
        producer.sendBody("direct:rendered", "b");
        producer.sendBody("direct:rendered", "c");
        // leave() and the completion both release: still two places, not more
        assertThat(backlog.available()).isEqualTo(2);
    }

    @Test
    void aDocumentThatFailsBeforeTheEngineGivesItsPlaceBack() throws Exception {
        ProducerTemplate producer = start();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> producer.sendBody("direct:failed", "x")).isInstanceOf(CamelExecutionException.class);
        }
        assertThat(backlog.available()).isEqualTo(2);
    }

    @Test
    void renderingWaitsWhileEveryPlaceIsHeld() throws Exception {
        ProducerTemplate producer = start();
        CompletableFuture<?> first = producer.asyncSendBody("direct:held", "1");
        CompletableFuture<?> second = producer.asyncSendBody("direct:held", "2");
        await().atMost(5, TimeUnit.SECONDS).until(() -> backlog.available() == 0);
        CompletableFuture<?> third = producer.asyncSendBody("direct:rendered", "3");
        Thread.sleep(300);
        assertThat(third).isNotDone();
        release.countDown();
        CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
        assertThat(backlog.available()).isEqualTo(2);
    }
}
