package dev.paritygate.gate;

import static dev.paritygate.gate.GateFixtures.FRI;
import static dev.paritygate.gate.GateFixtures.history;
import static dev.paritygate.gate.GateFixtures.pipeline;
import static dev.paritygate.gate.GateFixtures.streakOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.rules.GatePolicy;
import dev.paritygate.rules.Rule;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateRouteTest {
    private static final LocalDate SAT = FRI.plusDays(1);
    private static final LocalDate MON = FRI.plusDays(3);
    private static final Rule ORDERS = pipeline("orders", streakOf(5), "customers");
    private static final Rule CUSTOMERS = pipeline("customers", streakOf(5));

    private static void route(Rule rule, GateHistory h, Side target, LocalDate today, boolean force, String reason) {
        Gate.checkRoute(rule, h, Gate.decide(rule, h, today), target, today, force, reason);
    }

    @Test
    void aReadyPipelineWithItsUpstreamCutOverMayCutOverInAWindow() {
        GateHistory h = history()
                .clean("orders", FRI.minusDays(4), FRI)
                .route("customers", Side.CLOUD, "2026-11-14T08:00:00Z")
                .build();

        assertThatCode(() -> route(ORDERS, h, Side.CLOUD, SAT, false, null)).doesNotThrowAnyException();
    }

    @Test
    void aCutoverIsRefusedWhileTheGateHoldsAndWhileAnUpstreamIsOnLegacy() {
        GateHistory h = history().clean("orders", FRI.minusDays(1), FRI).build();

        assertThatThrownBy(() -> route(ORDERS, h, Side.CLOUD, SAT, false, null))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot cut over orders: the gate says HOLD (2/5 clean dates; parity runs began on"
                        + " 2026-11-19, 3 more clean business dates needed; upstream customers not cut over;"
                        + " change window open today Sat 2026-11-21). Cut over once 'parity gate --pipeline orders'"
                        + " says READY; upstream customers is still on the legacy side. Cut over customers first.");
    }

    @Test
    void aChangeOutsideAWindowIsRefusedUnlessForcedWithAReason() {
        GateHistory h = history()
                .clean("customers", FRI.minusDays(4), FRI)
                .route("customers", Side.CLOUD, "2026-11-14T08:00:00Z")
                .build();

        assertThatThrownBy(() -> route(CUSTOMERS, h, Side.LEGACY, MON, false, null))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot roll back customers: Mon 2026-11-23 is outside the change windows (Sat, Sun)."
                        + " Wait for the next window Sat 2026-11-28, or pass --force-outside-window --reason TEXT.");
        assertThatThrownBy(() -> route(CUSTOMERS, h, Side.LEGACY, MON, true, " "))
                .isInstanceOf(ParityException.class)
                .hasMessage("Missing --reason: --force-outside-window needs a reason, which is recorded in the"
                        + " routing table");
        assertThatCode(() -> route(CUSTOMERS, h, Side.LEGACY, MON, true, "revenue report wrong since Friday"))
                .doesNotThrowAnyException();
    }

    @Test
    void routingToTheCurrentSideIsRefused() {
        GateHistory h =
                history().route("customers", Side.CLOUD, "2026-11-14T08:00:00Z").build();

        assertThatThrownBy(() -> route(CUSTOMERS, h, Side.CLOUD, SAT, false, null))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot cut over customers: it is already on the cloud side; nothing to change"
                        + " (roll back with 'parity route rollback customers').");
    }

    @Test
    void aMoveTheLatestRoutingChangeAlreadyMadeIsFoundSoARerunOnlyFinishesItsViews() {
        GateHistory h = history()
                .route("customers", Side.CLOUD, "2026-11-14T08:00:00Z")
                .route("customers", Side.LEGACY, "2026-11-16T08:00:00Z")
                .route("orders", Side.CLOUD, "2026-11-21T08:00:00Z")
                .build();

        assertThat(Gate.recordedMove(h, "orders", Side.CLOUD))
                .map(RouteChange::changedAt)
                .hasValue(java.time.Instant.parse("2026-11-21T08:00:00Z"));
        assertThat(Gate.recordedMove(h, "customers", Side.LEGACY))
                .map(RouteChange::changedAt)
                .hasValue(java.time.Instant.parse("2026-11-16T08:00:00Z"));
        // An earlier cutover was undone by the rollback after it: cutting over again is a new move.
        assertThat(Gate.recordedMove(h, "customers", Side.CLOUD)).isEmpty();
        // Never routed: legacy by default, but no move was ever recorded or allowed.
        assertThat(Gate.recordedMove(h, "payments", Side.LEGACY)).isEmpty();
    }

    @Test
    void aViewIsOnASideOnlyWhenItsTextSelectsEverythingFromThatSidesTable() {
        GatePolicy.ViewSpec view = new GatePolicy.ViewSpec("analytics.orders", "legacy.orders", "delta.`/lake/Orders`");

        assertThat(Gate.viewIsOn(view, Side.CLOUD, "SELECT * FROM delta.`/lake/Orders`"))
                .isTrue();
        // As typed by hand from the printed statement, with other spacing and keyword case.
        assertThat(Gate.viewIsOn(view, Side.CLOUD, "  select *\n  from   delta.`/lake/Orders` "))
                .isTrue();
        assertThat(Gate.viewIsOn(view, Side.LEGACY, "SELECT * FROM legacy.orders"))
                .isTrue();
        assertThat(Gate.viewIsOn(view, Side.CLOUD, "SELECT * FROM legacy.orders"))
                .isFalse();
        // A path differing only in case is another path on an object store.
        assertThat(Gate.viewIsOn(view, Side.CLOUD, "SELECT * FROM delta.`/lake/orders`"))
                .isFalse();
        assertThat(Gate.viewIsOn(view, Side.CLOUD, "SELECT * FROM delta.`/lake/Orders` WHERE id > 0"))
                .isFalse();
        assertThat(Gate.viewIsOn(view, Side.CLOUD, null)).isFalse();
    }

    @Test
    void aViewResolvesToTheTableOfTheAuthoritativeSide() {
        GatePolicy.ViewSpec view = new GatePolicy.ViewSpec("analytics.orders", "legacy.orders", "delta.`/lake/orders`");

        assertThat(List.of(Gate.viewSql(view, Side.LEGACY), Gate.viewSql(view, Side.CLOUD)))
                .containsExactly(
                        "CREATE OR REPLACE VIEW analytics.orders AS SELECT * FROM legacy.orders",
                        "CREATE OR REPLACE VIEW analytics.orders AS SELECT * FROM delta.`/lake/orders`");
    }

    @Test
    void aViewWithoutACloudTableIsRejected() {
        assertThatThrownBy(() -> new GatePolicy.ViewSpec("analytics.orders", "legacy.orders", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid gate view 'analytics.orders': cloud_table is required, for example lake.orders");
    }
}
