package co.entrega.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Three Colombian business days after the 032, worked out by hand from the 2026 and 2027 calendars. */
class TacitAcceptanceTermTest {

    private final ColombianBusinessDays businessDays = new ColombianBusinessDays();
    private final TacitAcceptanceTerm term = new TacitAcceptanceTerm(businessDays);

    /**
     * Colombia's 2026 public holidays (Ley 51 de 1983 moves most to the next Monday; Easter is 5 April), as a
     * Colombian calendar prints them, Easter Sunday itself aside.
     */
    @Test
    void jollydayKnowsColombias2026HolidaysWhereLeyEmilianiPutsThem() {
        assertThat(businessDays.holidaysOf(2026)).filteredOn(d -> !d.equals(LocalDate.of(2026, 4, 5)))
                .containsExactlyInAnyOrder(
                        LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 12), LocalDate.of(2026, 3, 23),
                        LocalDate.of(2026, 4, 2), LocalDate.of(2026, 4, 3), LocalDate.of(2026, 5, 1),
                        LocalDate.of(2026, 5, 18), LocalDate.of(2026, 6, 8), LocalDate.of(2026, 6, 15),
                        LocalDate.of(2026, 6, 29), LocalDate.of(2026, 7, 20), LocalDate.of(2026, 8, 7),
                        LocalDate.of(2026, 8, 17), LocalDate.of(2026, 10, 12), LocalDate.of(2026, 11, 2),
                        LocalDate.of(2026, 11, 16), LocalDate.of(2026, 12, 8), LocalDate.of(2026, 12, 25));
        // Epiphany falls on Tuesday 6 January 2026, which is therefore a working day.
        assertThat(businessDays.isBusinessDay(LocalDate.of(2026, 1, 6))).isTrue();
        assertThat(businessDays.isBusinessDay(LocalDate.of(2026, 1, 12))).isFalse();
    }

    @ParameterizedTest(name = "received {0}: last day to claim {1}")
    @CsvSource({
            // Friday before the Epiphany Monday: Tue 13, Wed 14, Thu 15.
            "2026-01-09, 2026-01-15",
            // A Saturday: the count starts on Monday... a holiday, so again Tue, Wed, Thu.
            "2026-01-10, 2026-01-15",
            // An ordinary week: Tue, Wed, Thu.
            "2026-02-02, 2026-02-05",
            // Holy week: Maundy Thursday and Good Friday, then the weekend: Mon 6, Tue 7, Wed 8.
            "2026-04-01, 2026-04-08",
            // Friday before Independencia de Cartagena moved to Monday 16 November: Tue 17, Wed 18, Thu 19.
            "2026-11-13, 2026-11-19",
            // Christmas on Friday: Thu 24, Mon 28, Tue 29.
            "2026-12-23, 2026-12-29",
            // Across the year: Thu 31, (1 January a holiday, weekend) Mon 4, Tue 5; Epiphany 2027 moves to the 11th.
            "2026-12-30, 2027-01-05"})
    void theTermIsThreeBusinessDaysCountedFromTheDayAfterTheReceipt(LocalDate received, LocalDate lastDay) {
        assertThat(term.lastDayToClaim(received)).isEqualTo(lastDay);
        assertThat(term.acceptedOn(received)).isEqualTo(lastDay.plusDays(1));
    }
}
