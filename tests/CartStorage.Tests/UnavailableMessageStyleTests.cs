namespace CartStorage.Tests;

/// <summary>The one message style of store failures (CartStorageUnavailableException.Create) that every backend's translator uses.</summary>
public sealed class UnavailableMessageStyleTests
{
    [Theory]
    [InlineData(CartStoreFailureKind.Unreachable, "could not be reached or did not answer before the command was sent (TimeoutException): nothing was written.")]
    [InlineData(CartStoreFailureKind.Refused, "refused the command (TimeoutException): that command did not run and wrote nothing;")]
    [InlineData(CartStoreFailureKind.Interrupted, "after the command was sent (TimeoutException): the change may have been written; read the cart again before retrying.")]
    public void Each_kind_says_what_the_caller_may_assume_about_the_write_and_keeps_the_identifier_out(CartStoreFailureKind kind, string says)
    {
        var inner = new TimeoutException("cart:{user-42}:c:default timed out");

        var e = CartStorageUnavailableException.Create("The store", kind, nameof(TimeoutException), inner, "user-42", "default");

        e.Message.Should().StartWith("The store ").And.Contain(says).And.NotContain("user-42");
        e.InnerException.Should().BeSameAs(inner);
        e.Identifier.Should().Be("user-42");
        e.Instance.Should().Be("default");
    }

    [Fact]
    public void A_store_or_cause_left_empty_is_an_argument_error()
    {
        FluentActions.Invoking(() => CartStorageUnavailableException.Create(" ", CartStoreFailureKind.Unreachable, "x", null)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => CartStorageUnavailableException.Create("The store", CartStoreFailureKind.Unreachable, "", null)).Should().Throw<ArgumentException>();
    }
}
