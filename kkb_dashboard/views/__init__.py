"""Pure views: the store's answers in; tables, figures, text and documents out. No Streamlit."""
