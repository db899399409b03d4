namespace Relance.Delivery;

/// <summary>A template is missing, does not parse or uses something the model does not have.</summary>
public sealed class TemplateException(string message, Exception? innerException = null) : Exception(message, innerException);
