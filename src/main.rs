fn main() {
    permit_app::start();
}
