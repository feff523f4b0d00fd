/** A program that depends on jasyncio, as a user's project would: a named module on the module path. */
module com.example.consumer {
    requires org.jasyncio;

    exports com.example.consumer;
}
