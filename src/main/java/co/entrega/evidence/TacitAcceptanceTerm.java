package co.entrega.evidence;

import java.time.LocalDate;

import org.springframework.stereotype.Component;

/**
 * When a buyer's silence accepts an invoice.
 *
 * <p>Código de Comercio art. 773 and Decreto 1074 de 2015 art. 2.2.2.53.4 num. 2 (as amended by Decreto 1154 de
 * 2020): the invoice is tacitly accepted when the buyer does not claim "dentro de los tres (3) días hábiles
 * siguientes a la fecha de recepción de la mercancía o del servicio", the date its 032 event records. The count
 * starts the day after that date: the text says "siguientes", and Código de Comercio art. 829 num. 2 leaves the day
 * of the act out of a term of days (its parágrafo 1: a legal term of days is of business days). So a 032 of Friday
 * 2026-01-09, with Monday the 12th a holiday, leaves Tuesday, Wednesday and Thursday to claim: the last day is
 * 2026-01-15, and the invoice is accepted from 2026-01-16, when the issuer may register the 034 (the RADIAN annex
 * refuses a 034 signed before the three business days after the 032, rule DC24e).
 */
@Component
class TacitAcceptanceTerm {

    static final int BUSINESS_DAYS = 3;

    private final ColombianBusinessDays businessDays;

    TacitAcceptanceTerm(ColombianBusinessDays businessDays) {
        this.businessDays = businessDays;
    }

    /** The last day the buyer may still claim (or accept expressly), for goods or a service received on that day. */
    LocalDate lastDayToClaim(LocalDate received) {
        return businessDays.businessDaysAfter(received, BUSINESS_DAYS);
    }

    /** The day the invoice is tacitly accepted: the one after the last day to claim. */
    LocalDate acceptedOn(LocalDate received) {
        return lastDayToClaim(received).plusDays(1);
    }
}
