package io.custodia.datamap;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The processing register, read-only, for integrators and auditors. */
@RestController
class DataMapApi {

    private final DataMap dataMap;

    DataMapApi(DataMap dataMap) {
        this.dataMap = dataMap;
    }

    @GetMapping("/api/v1/datamap")
    DataMap dataMap() {
        return dataMap;
    }
}
