package dev.overlay.config;

import dev.overlay.store.SqliteAddressBook;
import dev.overlay.store.SqliteBanStore;
import dev.overlay.store.SqliteDatabase;
import dev.overlay.store.SqliteMessageLog;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's durable state: one SQLite file in the data directory. */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    static final String DATABASE_FILE = "overlay.db";

    /** Closed by Spring after the engine stops (the engine is stopped by its lifecycle first). */
    @Bean(destroyMethod = "close")
    SqliteDatabase database(OverlayProperties properties) {
        return SqliteDatabase.open(properties.dataDir().resolve(DATABASE_FILE));
    }

    @Bean
    SqliteAddressBook addressBook(SqliteDatabase database, OverlayProperties properties, Clock clock) {
        return SqliteAddressBook.in(database, properties.discovery().addressBookCapacity(), clock);
    }

    @Bean
    SqliteBanStore banStore(SqliteDatabase database) {
        return SqliteBanStore.in(database);
    }

    /** Closed after the engine stops, writing what is still queued, and before the database closes. */
    @Bean(destroyMethod = "close")
    SqliteMessageLog messageLogStore(SqliteDatabase database, OverlaySettings settings) {
        return SqliteMessageLog.in(database, settings.relay().maxPayloadSize());
    }
}
