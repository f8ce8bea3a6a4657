package co.entrega.evidence;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;

import org.springframework.stereotype.Component;

/**
 * Colombian business days: Monday to Friday, except the national public holidays, with the holidays Ley 51 de 1983
 * ("Ley Emiliani") moves to the following Monday on that Monday, and the Easter-based ones (Jollyday's calendar).
 */
@Component
class ColombianBusinessDays {

    private final HolidayManager holidays = HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.COLOMBIA));
    /** Jollyday works out a year's holidays from its rules on every question; a year's answer does not change. */
    private final Map<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

    boolean isBusinessDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidaysOf(day.getYear()).contains(day);
    }

    /** The {@code days}-th business day after {@code day}, which itself does not count. */
    LocalDate businessDaysAfter(LocalDate day, int days) {
        LocalDate next = day;
        for (int counted = 0; counted < days; ) {
            next = next.plusDays(1);
            if (isBusinessDay(next)) {
                counted++;
            }
        }
        return next;
    }

    /** The year's public holidays, on the day they are observed. */
    Set<LocalDate> holidaysOf(int year) {
        return byYear.computeIfAbsent(year, y -> holidays.getHolidays(Year.of(y)).stream().map(Holiday::getDate)
                .collect(Collectors.toUnmodifiableSet()));
    }
}
