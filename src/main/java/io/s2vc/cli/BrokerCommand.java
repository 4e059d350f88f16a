package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import io.s2vc.config.Config;
import io.s2vc.transport.EmbeddedKafka;
import io.s2vc.transport.KafkaSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Start the single-node KRaft Kafka broker standalone and serve until stopped (Ctrl-C), "
                + "so that other commands and clients can share it via --bootstrap-servers.")
final class BrokerCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: WORK/kafka).")
    Path data;

    @Override
    public Integer call() throws Exception {
        Config config = common.config();
        Path dir = data != null ? data : common.work().resolve("kafka");
        EmbeddedKafka broker = EmbeddedKafka.start(dir, port, config.get(Catalogue.KAFKA_MAX_MESSAGE_BYTES));
        KafkaSettings settings = new KafkaSettings(broker.bootstrapServers(), config);
        settings.topics().ensureExist(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.out.println("Kafka broker ready at " + broker.bootstrapServers() + " (data in " + dir + ")");
        System.out.println("topics: " + String.join(", ", settings.topics().all()));
        System.out.flush();
        broker.awaitShutdown();
        return 0;
    }
}
