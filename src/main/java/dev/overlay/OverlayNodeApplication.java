package dev.overlay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: one overlay node per process. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OverlayNodeApplication {

    public static void main(String[] args) {
        SpringApplication.run(OverlayNodeApplication.class, args);
    }
}
