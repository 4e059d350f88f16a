package io.s2vc.cli;

import io.s2vc.config.Catalogue;
import io.s2vc.transport.KafkaSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create the product's topics on the Kafka of --bootstrap-servers (those that are missing, sized "
                + "for clip records) and list them. The launchers' first step on a cluster.")
final class TopicsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        var config = common.config();
        String bootstrap = config.get(Catalogue.KAFKA_BOOTSTRAP_SERVERS);
        if (bootstrap.isBlank()) {
            throw new UserException("topics needs --bootstrap-servers HOST:PORT (an external Kafka)");
        }
        KafkaSettings kafka = new KafkaSettings(bootstrap, config);
        kafka.topics().ensureExist(kafka);
        System.out.println("topics on " + bootstrap + ": " + String.join(", ", kafka.topics().all()));
        return 0;
    }
}
