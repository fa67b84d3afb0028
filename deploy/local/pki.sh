# Sourced by stack.sh --secure: the certificates and passwords of a secure test stack, made with
# openssl on the spot and never reused. Nothing here is meant for production: it is what lets the
# tests run Kafka (SASL_SSL + SCRAM), PostgreSQL (ssl, scram-sha-256) and Redis (TLS + ACL) for real.

# make_pki DIR: DIR/ca.pem (a CA made for this stack), DIR/server.pem and DIR/server.key (signed by
# it, naming localhost and 127.0.0.1), DIR/server-keystore.pem (key then certificate, Kafka's PEM
# keystore), and DIR/other-ca.pem, a CA that signed nothing here (what "the wrong CA" means).
make_pki() {
  local dir="$1"
  mkdir -p "$dir"
  (
    cd "$dir"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=orderflow test CA" \
      -keyout ca.key -out ca.pem 2> /dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=some other CA" \
      -keyout other-ca.key -out other-ca.pem 2> /dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr 2> /dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
      -extfile server.ext -out server.pem 2> /dev/null
    cat server.key server.pem > server-keystore.pem
    rm -f server.csr server.ext ca.srl other-ca.key
    chmod 644 ca.pem other-ca.pem server.pem
  ) || die "making the test certificates with openssl failed"
}

# make_password FILE: 24 random letters and digits, written to FILE (mode 600).
make_password() {
  (umask 077 && head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 > "$1")
}
