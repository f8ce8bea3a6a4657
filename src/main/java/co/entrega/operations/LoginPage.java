package co.entrega.operations;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginPage {

    @GetMapping("/ops/login")
    String login() {
        return "ops/login";
    }
}
