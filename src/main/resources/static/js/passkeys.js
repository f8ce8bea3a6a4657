// Passkeys (WebAuthn) on the portal's and the console's pages, talking to Spring Security's WebAuthn endpoints in
// their JSON format (as its own spring-security-webauthn.js does). Pages work without this script: the buttons it
// serves stay hidden where it does not run or the browser has no passkeys.
"use strict";
(() => {
  const b64url = {
    encode(buffer) {
      return btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/=/g, "").replace(/\+/g, "-").replace(/\//g, "_");
    },
    decode(text) {
      const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
      return Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer;
    }
  };

  function csrfHeaders() {
    const header = document.querySelector('meta[name="_csrf_header"]');
    const token = document.querySelector('meta[name="_csrf"]');
    return header && token ? { [header.content]: token.content } : {};
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", ...csrfHeaders() },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status} from ${url}`);
    }
    return response.json();
  }

  async function authenticate(optionsUrl, loginUrl) {
    const options = await post(optionsUrl);
    const credential = await navigator.credentials.get({
      publicKey: {
        ...options,
        challenge: b64url.decode(options.challenge),
        allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: b64url.decode(c.id) }))
      }
    });
    const answer = await post(loginUrl, {
      id: credential.id,
      rawId: b64url.encode(credential.rawId),
      response: {
        authenticatorData: b64url.encode(credential.response.authenticatorData),
        clientDataJSON: b64url.encode(credential.response.clientDataJSON),
        signature: b64url.encode(credential.response.signature),
        userHandle: credential.response.userHandle ? b64url.encode(credential.response.userHandle) : undefined
      },
      credType: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment
    });
    if (!answer.authenticated || !answer.redirectUrl) {
      throw new Error("passkey refused");
    }
    return answer.redirectUrl;
  }

  async function register(optionsUrl, registerUrl, label) {
    const options = await post(optionsUrl);
    const credential = await navigator.credentials.create({
      publicKey: {
        ...options,
        user: { ...options.user, id: b64url.decode(options.user.id) },
        challenge: b64url.decode(options.challenge),
        excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: b64url.decode(c.id) }))
      }
    });
    const answer = await post(registerUrl, {
      publicKey: {
        credential: {
          id: credential.id,
          rawId: b64url.encode(credential.rawId),
          response: {
            attestationObject: b64url.encode(credential.response.attestationObject),
            clientDataJSON: b64url.encode(credential.response.clientDataJSON),
            transports: credential.response.getTransports ? credential.response.getTransports() : []
          },
          type: credential.type,
          clientExtensionResults: credential.getClientExtensionResults(),
          authenticatorAttachment: credential.authenticatorAttachment
        },
        label
      }
    });
    if (!answer.success) {
      throw new Error("passkey not registered");
    }
  }

  function showError(element, error) {
    console.error(error);
    const box = document.getElementById(element.dataset.error);
    if (box) {
      box.hidden = false;
      box.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!window.PublicKeyCredential) {
      return;
    }
    document.querySelectorAll("[data-passkey-login]").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          window.location.href = await authenticate(button.dataset.options, button.dataset.login);
        } catch (error) {
          button.disabled = false;
          showError(button, error);
        }
      });
    });
    document.querySelectorAll("form[data-passkey-register]").forEach((form) => {
      form.hidden = false;
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const button = form.querySelector("button");
        button.disabled = true;
        try {
          await register(form.dataset.options, form.dataset.register, form.elements.label.value);
          // The console's enrolment: the new passkey is used at once, which gives the session its second factor.
          window.location.href = form.dataset.login
            ? await authenticate(form.dataset.authenticateOptions, form.dataset.login)
            : form.dataset.done;
        } catch (error) {
          button.disabled = false;
          showError(form, error);
        }
      });
    });
  });
})();
