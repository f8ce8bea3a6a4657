package co.entrega;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

    @Test
    void featurePackagesUseOnlyEachOthersApi() {
        ApplicationModules.of(EntregaApplication.class).verify();
    }
}
